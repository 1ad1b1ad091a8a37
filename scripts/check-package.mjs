#!/usr/bin/env node
// @ts-check
// Checks the npm package as a user receives it (run `npm run build` first):
//   1. packs the tarball (the package.json "files" whitelist decides what ships);
//   2. publint --strict and attw --profile esm-only on that tarball;
//   3. installs it into a scratch consumer (cache first) under the OS temp dir, then
//      - `import`s it from an ESM script and `require()`s it from a CommonJS script (Node >= 20.19), each making a
//        real call against a Prism mock (creating the client is where a bad CJS build of openapi-fetch would crash),
//      - type-checks a TypeScript consumer with `module: NodeNext` that makes a few typed calls,
//      - runs the `p100` command with `npx p100` (help, webhook send to a receiver built with the installed package,
//        docs rendered offline in Chromium, mock without and then with Prism), see scripts/lib/package-cli-checks.mjs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageEntries, readPackageJson } from "./lib/package.mjs";
import {
  checkDocs,
  checkHelp,
  checkMockWithoutPrism,
  checkMockWithPrism,
  checkVerify,
  checkWebhookSend,
} from "./lib/package-cli-checks.mjs";
import { startPrism } from "./lib/prism.mjs";
import { bundledSpec, packageFile, root } from "./lib/run.mjs";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const pkg = readPackageJson();
const entries = packageEntries(pkg);
for (const entry of entries) {
  if (!existsSync(join(root, entry.file))) fail(`${entry.file} is missing: run \`npm run build\` first`);
}

const scratch = mkdtempSync(join(tmpdir(), "p100-package-"));
/** @type {Awaited<ReturnType<typeof startPrism>> | undefined} */
let prism;
let failures = 0;
process.once("exit", () => prism?.child.kill("SIGKILL"));

try {
  // 1. Pack.
  const [packed] = JSON.parse(run(npm, ["pack", "--json", "--pack-destination", scratch], { cwd: root }).stdout);
  const tarball = join(scratch, packed.filename);
  const contents = run("tar", ["-tzf", tarball]).stdout.trim().split("\n");
  console.log(`packed ${contents.length} files: ${contents.map((f) => f.replace(/^package\//, "")).join(", ")}`);
  console.log(
    `packed size ${(packed.size / 1024).toFixed(1)} kB (unpacked ${(packed.unpackedSize / 1024).toFixed(1)} kB)`,
  );
  check(
    "the tarball holds only dist/, the bundled spec, the documents and examples the README points to, the README, the changelog, the LICENSE and package.json",
    () => {
      const unexpected = contents.filter(
        (f) =>
          !/^package\/(dist\/|generated\/(openapi\.json|provenance\.md)$|docs\/[\w-]+\.md$|examples\/[\w/-]+\.ts$|README\.md$|CHANGELOG\.md$|package\.json$|LICENSE$)/.test(
            f,
          ),
      );
      if (unexpected.length > 0) throw new Error(`unexpected files: ${unexpected.join(", ")}`);
      const required = [
        "LICENSE",
        "README.md",
        "generated/openapi.json",
        "dist/docs.html",
        "docs/sandbox.md",
        "examples/sandbox-flow.ts",
        ...Object.values(pkg.bin ?? {}),
      ];
      const missing = required.filter((f) => !contents.includes(`package/${f.replace(/^\.\//, "")}`));
      if (missing.length > 0) throw new Error(`missing files: ${missing.join(", ")}`);
    },
  );
  check("the packed size is at most 2 MB", () => {
    if (packed.size > 2 * 1024 * 1024) throw new Error(`${packed.size} bytes`);
  });

  // 2. Package linters, on the exact tarball that gets installed.
  check("publint --strict", () =>
    run(process.execPath, [packageFile("publint", "src/cli.js"), "run", tarball, "--strict"], { show: true }),
  );
  check("attw --profile esm-only", () =>
    run(
      process.execPath,
      [
        packageFile("@arethetypeswrong/cli", "dist/index.js"),
        tarball,
        "--profile",
        "esm-only",
        "--exclude-entrypoints",
        "./docs/sandbox.md",
        "--format",
        "table-flipped",
        "--no-emoji",
        "--no-color",
      ],
      { show: true },
    ),
  );

  // 3. A scratch consumer. --prefer-offline: the tarball of openapi-fetch comes from the cache `npm ci` filled, but a
  // fresh machine has no cached registry metadata for it (npm ci reads only the lockfile), so --offline would fail.
  const consumer = join(scratch, "consumer");
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify({ name: "p100-consumer", private: true, type: "module" }, null, 2),
  );
  run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: consumer });
  writeConsumerFiles(consumer);

  prism = await startPrism();
  const env = { ...process.env, MOCK_URL: prism.url, NODE_NO_WARNINGS: "1" };
  check("ESM consumer: import + a real call against the mock", () =>
    run(process.execPath, ["esm.mjs"], { cwd: consumer, env, show: true }),
  );
  check("CommonJS consumer: require() + a real call against the mock", () =>
    run(process.execPath, ["cjs.cjs"], { cwd: consumer, env, show: true }),
  );
  check("TypeScript NodeNext consumer type-checks", () =>
    run(process.execPath, [packageFile("typescript", "bin/tsc"), "-p", "tsconfig.json"], { cwd: consumer, show: true }),
  );

  // 4. The `p100` command, through npx, as a user runs it.
  check("npx p100 --help", () => checkHelp(consumer));
  check("npx p100 mock without Prism: one line with the install command", () => checkMockWithoutPrism(consumer));
  check("npx p100 verify: refuses production, checks a read against the mock, writes both reports", () =>
    checkVerify(consumer, /** @type {NonNullable<typeof prism>} */ (prism).url),
  );
  await checkAsync("npx p100 webhook send: accepted by the installed receiver, refused with a wrong token", () =>
    checkWebhookSend(consumer),
  );
  await checkAsync("npx p100 docs --out page.html: renders offline in Chromium, with SDK code samples", () =>
    checkDocs(consumer),
  );
  await checkAsync("npx p100 mock with Prism: answers the documented createUser request, Ctrl-C stops it", () =>
    checkMockWithPrism(consumer, createUserExample()),
  );
} catch (error) {
  failures++;
  console.error(error instanceof Error ? error.message : String(error));
} finally {
  await prism?.stop();
  rmSync(scratch, { recursive: true, force: true });
}
if (failures > 0) fail(`${failures} package check(s) failed`);
console.log("package checks passed");

/** The documented request of Create User Account, read from the bundled spec (the one source of the example). */
function createUserExample() {
  return JSON.parse(readFileSync(bundledSpec, "utf8")).paths["/v1/user/balances/crypto-and-fiat"].post.requestBody
    .content["application/json"].examples.createUser.value;
}

/** @param {string} dir */
function writeConsumerFiles(dir) {
  const user = createUserExample();
  // A real delivery through the webhooks entry: the token checked, the payload validated by the generated validators.
  const delivery = `const delivered = verifyWebhook("userBalanceGeneration", '{"externalUserId":"u-1","status":"ACTIVE"}', { authorization: "whsec", token: "whsec" });
if (delivered.externalUserId !== "u-1") throw new Error("verifyWebhook returned " + JSON.stringify(delivered));`;
  // The Postgres store's entry loads without pg (an optional peer the consumer does not install): a claim through a
  // driver-shaped stand-in runs the bundled code.
  const postgresStore = `const store = createPostgresIdempotencyStore({ pool: { query: async () => ({ rows: [{ state: "in_progress", claimed: true }] }) } });
if ((await store.claim("k")) !== "new") throw new Error("webhooks/postgres: claim did not answer new");`;
  // The sandbox entry, stateful through the installed client: a repeated createUser is refused with P411 by state.
  const sandboxCall = `const sandbox = createSandbox();
const local = createP100Client({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, fetch: sandbox.fetch, maxRetries: 0 });
await local.createUser(${JSON.stringify(user)});
const repeated = await local.createUser(${JSON.stringify(user)}).catch((e) => e);
if (!isP100Error(repeated, "P411")) throw new Error("sandbox: expected P411 on a repeated createUser, got " + repeated);
await sandbox.close();`;
  const call = `
const p100 = createP100Client({ apiKey: "smoke-key", baseUrl: process.env.MOCK_URL, maxRetries: 0 });
const user = await p100.createUser(${JSON.stringify(user)});
if (typeof user.userId !== "string") throw new Error("createUser returned no userId");
const failed = await p100.createUser(${JSON.stringify(user)}, { headers: { Prefer: "code=400, example=P411" } }).catch((e) => e);
if (!isP100Error(failed, "P411")) throw new Error("expected a typed P411 error, got " + failed);`;
  writeFileSync(
    join(dir, "esm.mjs"),
    `import { createP100Client, isP100Error, SDK_VERSION } from "p100-partner-sdk";
import pkg from "p100-partner-sdk/package.json" with { type: "json" };
import spec from "p100-partner-sdk/openapi.json" with { type: "json" };
if (!spec.openapi?.startsWith("3.1")) throw new Error("p100-partner-sdk/openapi.json is not the bundled OpenAPI 3.1 spec");
if (SDK_VERSION !== pkg.version) throw new Error("SDK_VERSION " + SDK_VERSION + " != package.json " + pkg.version);
import { verifyWebhook } from "p100-partner-sdk/webhooks";
import { createPostgresIdempotencyStore } from "p100-partner-sdk/webhooks/postgres";
import { createSandbox } from "p100-partner-sdk/sandbox";
${delivery}
${sandboxCall}
if (await import("pg").then(() => true, () => false)) throw new Error("pg is installed in the consumer: the optional-peer check proves nothing");
${postgresStore}
${call}
console.log("esm: createUser -> " + user.userId + ", P411 typed, webhook verified, sandbox stateful");
`,
  );
  writeFileSync(
    join(dir, "cjs.cjs"),
    `const { createP100Client, isP100Error } = require("p100-partner-sdk");
const { verifyWebhook } = require("p100-partner-sdk/webhooks");
const { createPostgresIdempotencyStore } = require("p100-partner-sdk/webhooks/postgres");
const { createSandbox } = require("p100-partner-sdk/sandbox");
${delivery}
(async () => {${postgresStore}${sandboxCall}${call}
console.log("cjs: createUser -> " + user.userId + ", P411 typed, webhook verified, sandbox stateful");
})().catch((error) => { console.error(error); process.exit(1); });
`,
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2023", "DOM", "DOM.Iterable"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          exactOptionalPropertyTypes: true,
          noEmit: true,
          types: [],
        },
        files: ["consumer.ts"],
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dir, "consumer.ts"),
    `import { createP100Client, isP100Error, P100ApiError, type SchemaCreateUserRequest } from "p100-partner-sdk";
import { parseWebhook } from "p100-partner-sdk/webhooks";
import { createPostgresIdempotencyStore, type PostgresQueryable } from "p100-partner-sdk/webhooks/postgres";

export const postgresStore = (pool: PostgresQueryable) => createPostgresIdempotencyStore({ pool, table: "webhook_claims" });

export function typedWebhook(raw: string): string {
  const deposit = parseWebhook("cryptoDeposit", raw);
  // @ts-expect-error an unknown webhook kind is refused by the types
  parseWebhook("noSuchKind", raw);
  return deposit.status;
}
const p100 = createP100Client({ apiKey: "key", environment: "staging", timeoutMs: 10_000 });
const body: SchemaCreateUserRequest = ${JSON.stringify(user)};

export async function typedCalls(): Promise<void> {
  const created = await p100.createUser(body);
  const userId: string = created.userId;
  const balances = await p100.getUserBalances({ externalUserId: body.externalUserId });
  const cards = await p100.listUserCards({ externalUserId: body.externalUserId });
  const firstStatus: string | undefined = cards.cards[0]?.status;
  const partner = await p100.getPartnerBalances();
  void [userId, balances, firstStatus, partner];
  // @ts-expect-error the input is required
  await p100.createUser();
  // @ts-expect-error unknown fields are rejected by the types
  await p100.createUser({ ...body, emial: "x" });
  try {
    await p100.deleteCard({ externalUserId: body.externalUserId, cardId: "c" });
  } catch (error) {
    if (isP100Error(error, "P434")) console.log(error.errorName, error.meaning);
    if (error instanceof P100ApiError) console.log(error.status);
  }
}
`,
  );
}

/**
 * @param {string} name
 * @param {() => Promise<void>} body
 */
async function checkAsync(name, body) {
  try {
    await body();
    console.log(`ok   ${name}`);
  } catch (error) {
    failures++;
    console.error(`FAIL ${name}\n${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * @param {string} name
 * @param {() => void} body
 */
function check(name, body) {
  try {
    body();
    console.log(`ok   ${name}`);
  } catch (error) {
    failures++;
    console.error(`FAIL ${name}\n${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, show?: boolean }} [options]
 */
function run(command, args, { cwd = root, env = process.env, show = false } = {}) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8" });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})\n${output}`);
  if (show && output) console.log(output.replace(/^/gm, "     "));
  return result;
}

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(message);
  process.exit(1);
}
