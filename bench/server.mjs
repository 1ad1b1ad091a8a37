// A keep-alive HTTP server on loopback that answers every request with one canned response. It runs in its own
// process (a real API is not in the caller's process either) and prints its port on stdout.
// Input: env BENCH_RESPONSE = JSON { status, contentType, body } (body already serialised).
import { createServer } from "node:http";

const { status, contentType, body } = JSON.parse(process.env.BENCH_RESPONSE ?? "{}");
const headers = contentType
  ? { "content-type": contentType, "content-length": Buffer.byteLength(body) }
  : { "content-length": 0 };
const server = createServer((request, response) => {
  // Read the whole request body before answering, as an API does.
  request.on("data", () => {});
  request.on("end", () => {
    response.writeHead(status, headers);
    response.end(contentType ? body : undefined);
  });
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 61_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
