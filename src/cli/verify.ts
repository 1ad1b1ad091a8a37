// `p100 verify`: checks the spec shipped in this package against the partner's staging environment and writes a
// report (Markdown and JSON) with the spec changes the answers suggest and the `paths` overrides that fix wrong paths.
// The key comes only from P100_API_KEY (never a flag: no shell history, no `ps`) and is never printed.
import { readFileSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseCommand } from "./args.js";
import { CommandError, UsageError } from "./errors.js";
import { VERIFY_HELP } from "./help.js";
import { packageVersion, specPath } from "./package-files.js";
import { pathOverrideProblem } from "../path-overrides.js";
import { overridesSnippet, renderJson, renderMarkdown, verdictLabel } from "../verify/report.js";
import { redactSecrets } from "../verify/redact.js";
import { runVerification, type ProbePlan } from "../verify/run.js";
import { isObject, specOperations, type Spec } from "../verify/spec.js";
import { resolveTarget, VerifyUsageError } from "../verify/target.js";

const COMMAND = "p100 verify";

/** How the command asks for a yes before write probes; the default reads one line from stdin. */
export type AskYes = (question: string) => Promise<boolean>;

/** Runs `p100 verify [options]`; resolves to the exit code. */
export async function runVerify(
  argv: readonly string[],
  print: (line: string) => void,
  ask: AskYes = askOnStdin,
): Promise<number> {
  const { values } = parseCommand(COMMAND, argv, {
    "external-user-id": { type: "string" },
    param: { type: "string", multiple: true },
    try: { type: "string", multiple: true },
    only: { type: "string", multiple: true },
    "base-url": { type: "string" },
    out: { type: "string", short: "o" },
    spec: { type: "string" },
    "probe-writes": { type: "boolean" },
    yes: { type: "boolean", short: "y" },
  });
  if (values.help) {
    print(VERIFY_HELP);
    return 0;
  }
  const apiKey = process.env["P100_API_KEY"] ?? "";
  const userId =
    typeof values["external-user-id"] === "string"
      ? values["external-user-id"]
      : process.env["P100_EXTERNAL_USER_ID"] || undefined;
  const secrets = [apiKey, userId];
  const say = (line: string) => print(redactSecrets(line, secrets));
  if (!apiKey)
    throw new UsageError(
      `${COMMAND}: P100_API_KEY is not set: export your staging API key first (it is never taken as a flag)`,
      `${COMMAND} --help`,
    );
  let target;
  try {
    target = resolveTarget(typeof values["base-url"] === "string" ? values["base-url"] : undefined);
  } catch (error) {
    if (error instanceof VerifyUsageError)
      throw new UsageError(`${COMMAND}: ${redactSecrets(error.message, secrets)}`, `${COMMAND} --help`);
    throw error;
  }
  const probeWrites = values["probe-writes"] === true;
  if (probeWrites && !target.mayProbeWrites) {
    throw new UsageError(
      `${COMMAND}: --probe-writes is allowed only against staging (${target.url} is not staging)`,
      `${COMMAND} --help`,
    );
  }
  const specFile = typeof values.spec === "string" ? resolve(values.spec) : specPath();
  const spec = readSpec(specFile);
  const operations = new Map(specOperations(spec).map((op) => [op.operationId, op]));
  const params = pairs(values.param, "--param", "name=value");
  if (userId !== undefined) params["externalUserId"] ??= userId;
  const tries: Record<string, string[]> = {};
  for (const [id, path] of Object.entries(pairs(values.try, "--try", "operationId=/path", true))) {
    const op = operations.get(id);
    if (!op)
      throw new UsageError(
        `${COMMAND}: --try ${id}: no operation of the spec has this operationId`,
        `${COMMAND} --help`,
      );
    for (const one of path.split("\n")) {
      const problem = pathOverrideProblem(op.path, one);
      if (problem) throw new UsageError(`${COMMAND}: --try ${id} ${problem}`, `${COMMAND} --help`);
      (tries[id] ??= []).push(one);
    }
  }
  const only = list(values.only);
  for (const id of only ?? [])
    if (!operations.has(id))
      throw new UsageError(
        `${COMMAND}: --only ${id}: no operation of the spec has this operationId`,
        `${COMMAND} --help`,
      );
  const out = outputBase(typeof values.out === "string" ? values.out : "p100-verify-report");

  say(
    `verifying ${specFile} against ${target.url} (GET requests${probeWrites ? ", and write probes once confirmed" : " only"})`,
  );
  if (userId === undefined) say("no --external-user-id (or P100_EXTERNAL_USER_ID): the user operations will not run");
  const confirmProbes = async (probes: readonly ProbePlan[]) => {
    say(
      `${probes.length} write probe${probes.length === 1 ? "" : "s"}, each with the body {} (path parameters set to a value no resource has):`,
    );
    for (const p of probes) say(`  ${p.method} ${p.url} (${p.operationId})`);
    if (values.yes === true) return true;
    const yes = await ask(
      `Send ${probes.length === 1 ? "this write" : `these ${probes.length} writes`} to ${target.url}? Type "yes" to send: `,
    );
    if (!yes) say("write probes not sent");
    return yes;
  };
  const results = await runVerification({
    spec,
    baseUrl: target.url,
    apiKey,
    values: params,
    tries,
    only,
    probeWrites,
    confirmProbes,
    onProgress: say,
    userAgent: `p100-partner-sdk/${packageVersion()} p100-verify`,
  });

  const date = new Date().toISOString().slice(0, 10);
  const title = isObject(spec["info"])
    ? `${String(spec["info"]["title"] ?? "spec")} ${String(spec["info"]["version"] ?? "")}`.trim()
    : basename(specFile);
  const context = {
    date,
    target: target.url,
    spec: title,
    sdkVersion: packageVersion(),
    reportFile: basename(out.md),
    secrets,
  };
  write(out.md, renderMarkdown(results, context));
  write(out.json, renderJson(results, context));
  const counts = new Map<string, number>();
  for (const r of results) counts.set(verdictLabel(r), (counts.get(verdictLabel(r)) ?? 0) + 1);
  say(`\n${results.length} operations: ${[...counts].map(([label, n]) => `${n} ${label}`).join(", ")}`);
  const snippet = overridesSnippet(results, context);
  if (snippet) say(`\nPaths found wrong; until the spec is corrected, pass this to createP100Client:\n\n${snippet}\n`);
  say(`report written to ${out.md} and ${out.json}; send it to the maintainers (the report says how)`);
  const conclusive = results.filter(
    (r) => r.verdict === "confirmed" || r.verdict === "differs" || r.verdict === "not-found",
  );
  if (conclusive.length === 0) {
    const refused = results.filter((r) => r.verdict === "auth-refused").length;
    throw new CommandError(
      `no operation got a conclusive answer${refused ? ` (${refused} refused the key: check P100_API_KEY)` : ""}; see ${out.md}`,
    );
  }
  return 0;
}

function readSpec(file: string): Spec {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CommandError(
      `cannot read the spec ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (!isObject(data) || !isObject(data["paths"]))
    throw new CommandError(`${file} is not an OpenAPI document (no "paths")`);
  return data as Spec;
}

/** `name=value` flags as an object; with `repeat`, values of one name are joined by newlines (paths have none). */
function pairs(raw: unknown, flag: string, shape: string, repeat = false): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of Array.isArray(raw) ? raw.map(String) : []) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`${COMMAND}: ${flag} expects ${shape}, got "${pair}"`, `${COMMAND} --help`);
    const name = pair.slice(0, at);
    const value = pair.slice(at + 1);
    result[name] = repeat && result[name] !== undefined ? `${result[name]}\n${value}` : value;
  }
  return result;
}

function list(raw: unknown): string[] | undefined {
  const items = (Array.isArray(raw) ? raw.map(String) : [])
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

function outputBase(name: string): { md: string; json: string } {
  const base = resolve(name.replace(/\.(md|json)$/i, ""));
  return { md: `${base}.md`, json: `${base}.json` };
}

function write(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new CommandError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Asks on the terminal (or reads one piped line); anything but "yes" or "y" is a no, and so is the end of input. */
async function askOnStdin(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: false });
  process.stdout.write(question);
  const answer = await new Promise<string>((done) => {
    rl.once("line", done);
    rl.once("close", () => done(""));
  });
  rl.close();
  return /^(y|yes)$/i.test(answer.trim());
}
