import { createP100Client } from "../src/index.js";
const body = JSON.stringify({ fiatBalances: [], cryptoBalances: [] });
const stub = () =>
  Promise.resolve(new Response(body, { status: 200, headers: { "content-type": "application/json" } }));
const p100 = createP100Client({ apiKey: "k", baseUrl: "https://x.invalid", fetch: stub });
for (let i = 0; i < 3000; i++) await p100.getPartnerBalances();
const t = performance.now();
for (let i = 0; i < 20000; i++) await p100.getPartnerBalances();
console.log("us/call", (((performance.now() - t) / 20000) * 1000).toFixed(1));
