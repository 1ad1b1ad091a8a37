// The report of a verification, in Markdown (to read) and JSON (to process), and the createP100Client `paths`
// snippet that corrects the paths found wrong. Pure. The report only suggests: the spec is never edited by the tool.
import { VERDICTS, type Verdict } from "./classify.js";
import type { Difference } from "./compare.js";
import { redactSecrets } from "./redact.js";
import type { OperationReport } from "./run.js";

/** What the report says about the run itself. */
export interface ReportContext {
  /** ISO date of the run (YYYY-MM-DD). */
  readonly date: string;
  readonly target: string;
  /** The spec verified: its title and version. */
  readonly spec: string;
  readonly sdkVersion: string;
  /** File name of the Markdown report, cited as the source of each printed override. */
  readonly reportFile: string;
  /** Strings that must never appear (the API key, the user id given). */
  readonly secrets: readonly (string | undefined)[];
}

const LABELS: Record<Verdict, string> = {
  confirmed: "path confirmed",
  differs: "answer differs from the spec",
  "not-found": "path not found",
  "auth-refused": "auth refused",
  inconclusive: "inconclusive",
  "not-run": "not run",
};

/** Where a report goes, in words: this package has no URL of its own to cite, and none is invented. */
export const SEND_TO =
  "Send this report (both files, .md and .json) to the maintainers of p100-partner-sdk: open an issue in the source " +
  "repository named on the package's npm page and attach them. The report holds no API key and no personal data " +
  "(every value of an answer is replaced by its type, except codes such as statuses and currencies); read it before sending.";

/** The verdict label of a result, e.g. "path not found". */
export function verdictLabel(r: OperationReport): string {
  return r.foundPath ? `${LABELS[r.verdict]}; found at another path` : LABELS[r.verdict];
}

/** One sentence per difference, e.g. "/status: the value \"REFUNDED\" is not in the spec's list (...)". */
export function describeDifference(d: Difference): string {
  switch (d.kind) {
    case "missing":
      return `${d.field}: required by the spec (${d.expected}) but absent`;
    case "extra":
      return `${d.field}: present (${d.actual}) but not in the spec`;
    case "type":
      return `${d.field || "the body"}: ${d.actual} where the spec says ${d.expected}`;
    case "enum":
      return `${d.field}: the value ${d.actual} is not in the spec's list (${d.expected})`;
    case "status":
      return `status ${d.actual} is not documented (the spec lists ${d.expected})`;
  }
}

/** A required field absent and an unlisted one present in the same object: probably one field renamed. */
function renames(differences: readonly Difference[]): string[] {
  const parent = (field: string) => field.slice(0, field.lastIndexOf("/"));
  const out: string[] = [];
  for (const missing of differences.filter((d) => d.kind === "missing")) {
    const extras = differences.filter((d) => d.kind === "extra" && parent(d.field) === parent(missing.field));
    const missingHere = differences.filter((d) => d.kind === "missing" && parent(d.field) === parent(missing.field));
    if (extras.length === 1 && missingHere.length === 1)
      out.push(`\`${missing.field}\` is probably named \`${(extras[0] as Difference).field}\` by the API`);
  }
  return out;
}

/** The spec changes the results suggest, one Markdown bullet each, with their evidence. */
export function suggestions(results: readonly OperationReport[], date: string): string[] {
  const out: string[] = [];
  for (const r of results) {
    const label = `\`${r.operationId}\` (${r.method.toUpperCase()} \`${r.path}\`, ${r.confidence})`;
    const answer = r.status === undefined ? "" : `${r.status}${r.errorCode ? ` ${r.errorCode}` : ""}`;
    const proof = `(evidence: ${answer} on ${date}${r.excerpt ? `, body ${r.excerpt}` : ""})`;
    if (r.foundPath) {
      const how = r.foundPath.how === "--try" ? "given with --try" : "a variant guessed by p100 verify";
      out.push(
        `${label}: the spec's path answered ${answer} without a P-code; \`${r.foundPath.path}\` (${how}) answered ${r.foundPath.status} -> change the path to \`${r.foundPath.path}\` and mark it \`x-p100-confidence: confirmed\` (evidence: p100 verify on ${date}).`,
      );
    } else if (r.verdict === "not-found") {
      out.push(
        `${label}: 404 without a P-code -> the path is probably wrong; find the right one (ask P100) and check it with \`p100 verify --try ${r.operationId}=/v1/...\`.`,
      );
    } else if (r.verdict === "confirmed" && r.confidence !== "confirmed") {
      out.push(
        `${label}: the server knows the path -> consider \`x-p100-confidence: confirmed\` for the path ${proof}.`,
      );
    }
    if (r.differences.length > 0) {
      const fixes = r.differences.map(describeDifference);
      out.push(
        `${label}: the answer differs from the spec -> correct the response schema: ${[...fixes, ...renames(r.differences)].join("; ")} ${proof}.`,
      );
    }
  }
  return out;
}

/** The `paths` option that corrects each path found wrong, as TypeScript to paste; empty when none was found wrong. */
export function overridesSnippet(
  results: readonly OperationReport[],
  context: Pick<ReportContext, "date" | "target" | "reportFile">,
): string {
  const wrong = results.filter((r) => r.verdict === "not-found");
  if (wrong.length === 0) return "";
  const lines = [
    `// Path corrections found by p100 verify on ${context.date} against ${context.target} (source: ${context.reportFile})`,
    "const p100 = createP100Client({",
    "  paths: {",
  ];
  for (const r of wrong) {
    const spec = `${r.method.toUpperCase()} ${r.path}`;
    if (r.foundPath) {
      lines.push(
        `    // ${spec} answered ${r.status} without a P-code; this path answered ${r.foundPath.status} (${context.reportFile})`,
      );
      lines.push(`    ${r.operationId}: ${JSON.stringify(r.foundPath.path)},`);
    } else {
      lines.push(
        `    // ${spec} answered ${r.status} without a P-code and no other path answered: ask P100, then check with --try`,
      );
      lines.push(`    // ${r.operationId}: "/v1/...",`);
    }
  }
  lines.push("  },", "});");
  return lines.join("\n");
}

const cell = (text: string) => text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** The whole Markdown report. */
export function renderMarkdown(results: readonly OperationReport[], context: ReportContext): string {
  const counts = VERDICTS.map((v) => [v, results.filter((r) => r.verdict === v).length] as const).filter(
    ([, n]) => n > 0,
  );
  const lines = [
    "# p100 verify: the spec checked against a live environment",
    "",
    `- date: ${context.date}`,
    `- target: ${context.target}`,
    `- spec: ${context.spec} (p100-partner-sdk ${context.sdkVersion})`,
    `- operations: ${results.length} (${counts.map(([v, n]) => `${n} ${LABELS[v]}`).join(", ")})`,
    "",
    "| operationId | method | spec path | x-p100-confidence | result | evidence |",
    "|---|---|---|---|---|---|",
    ...results.map((r) => {
      const status = r.status === undefined ? "" : `${r.status}${r.errorCode ? ` ${r.errorCode}` : ""}`;
      const found = r.foundPath ? `; answered ${r.foundPath.status} at \`${r.foundPath.path}\`` : "";
      const fields = r.differences.length
        ? `; ${r.differences.length} field difference${r.differences.length > 1 ? "s" : ""}`
        : "";
      // A confirmed or differing answer is told by its status and differences; any other verdict needs its reason.
      const why = r.verdict === "confirmed" || r.verdict === "differs" ? "" : `${status ? "; " : ""}${r.reason}`;
      return `| ${[r.operationId, r.method.toUpperCase(), `\`${r.path}\``, r.confidence, verdictLabel(r), `${status}${why}${found}${fields}`].map(cell).join(" | ")} |`;
    }),
    "",
  ];
  const differing = results.filter((r) => r.differences.length > 0);
  if (differing.length) {
    lines.push("## Differences, field by field", "");
    for (const r of differing) {
      lines.push(
        `### ${r.operationId}`,
        "",
        ...r.differences.map((d) => `- ${d.kind}: ${describeDifference(d)}`),
        ...renames(r.differences).map((s) => `- ${s}`),
      );
      lines.push(
        "",
        `Evidence: ${r.foundPath?.status ?? r.status} on ${r.at ?? context.date}, body (data replaced by types): \`${r.excerpt ?? ""}\``,
        "",
      );
    }
  }
  const list = suggestions(results, context.date);
  lines.push(
    "## Suggested spec changes",
    "",
    "The tool never edits the spec: apply what you agree with, citing this report as evidence.",
    "",
  );
  lines.push(
    ...(list.length
      ? list.map((s) => `- ${s}`)
      : ["- none: every answered operation matches the spec and its confidence."]),
    "",
  );
  const snippet = overridesSnippet(results, context);
  if (snippet) {
    lines.push(
      "## Path overrides",
      "",
      "Until the spec is corrected, this makes the typed methods use the paths that answered:",
      "",
      "```ts",
      snippet,
      "```",
      "",
    );
  }
  const open = results.filter(
    (r) => r.verdict === "not-run" || r.verdict === "inconclusive" || r.verdict === "auth-refused",
  );
  if (open.length) {
    lines.push(
      "## Not decided",
      "",
      ...open.map((r) => `- \`${r.operationId}\` (${LABELS[r.verdict]}): ${r.reason}`),
      "",
    );
  }
  lines.push("## Send this report", "", SEND_TO, "");
  return redactSecrets(lines.join("\n"), context.secrets);
}

/** The report as JSON data: the same results, suggestions and overrides. */
export function renderJson(results: readonly OperationReport[], context: ReportContext): string {
  const overrides = Object.fromEntries(
    results.filter((r) => r.foundPath).map((r) => [r.operationId, r.foundPath?.path]),
  );
  const data = {
    tool: "p100 verify",
    sdkVersion: context.sdkVersion,
    date: context.date,
    target: context.target,
    spec: context.spec,
    results,
    suggestions: suggestions(results, context.date),
    overrides,
    sendTo: SEND_TO,
  };
  return `${redactSecrets(JSON.stringify(data, null, 2), context.secrets)}\n`;
}
