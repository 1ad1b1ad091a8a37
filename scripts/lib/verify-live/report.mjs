// Renders the markdown report of a verify:live run: one row per operation, then the spec changes the evidence
// suggests. Pure. It only suggests: the spec is never edited by the tool.
import { RESULTS } from "./classify.mjs";

const LABELS = {
  "path-exists": "path exists",
  "violates-spec": "violates the spec",
  "path-unknown": "path unknown to the server",
  inconclusive: "inconclusive",
  "not-run": "not run",
};

/** Replaces every occurrence of each secret with `***` (defence in depth: nothing should carry one anyway). */
export function redact(text, secrets = []) {
  let out = String(text);
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join("***");
  return out;
}

const cell = (text) => String(text).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** "pointer: message" of each violation, the pointer left out when the message concerns the whole response. */
export function violatedFields(violations) {
  return violations.map((v) => (v.pointer ? `${v.pointer}: ${v.message}` : v.message));
}

/** One line per operation: how it was classified. */
export function resultLabel(r) {
  if (r.result === "not-run") return r.reason.replace(/^not run: /, "not run (") + ")";
  return LABELS[r.result] ?? r.result;
}

/** The evidence column: status, P-code, violated fields, or why it was not decided. */
export function evidence(r) {
  if (r.result === "not-run") {
    if (r.notRun === "write") return "never sent: verify:live sends GET only";
    return r.notRun === "missing-input" ? "pass it with --param name=value" : "";
  }
  const parts = [];
  if (r.status !== undefined) parts.push(`${r.status}${r.errorCode ? ` ${r.errorCode}` : ""}`);
  if (r.result === "violates-spec") parts.push(...violatedFields(r.violations));
  else if (r.result !== "path-exists") parts.push(r.reason);
  if (r.requestViolations.length > 0) parts.push(`request broke the spec: ${violatedFields(r.requestViolations).join("; ")}`);
  return parts.join("; ");
}

/** The spec changes the results suggest, one markdown bullet each. */
export function suggestions(results, date) {
  const out = [];
  for (const r of results) {
    const label = `\`${r.operationId}\` (${r.method.toUpperCase()} ${r.path}, ${r.confidence})`;
    const answer = `${r.status}${r.errorCode ? ` ${r.errorCode}` : ""}`;
    if (r.result === "path-exists" && r.confidence !== "confirmed") {
      out.push(`${label}: the path answered a documented response -> consider \`x-p100-confidence: confirmed\` (evidence: ${answer} on ${date}).`);
    } else if (r.result === "path-unknown") {
      out.push(
        r.confidence === "confirmed"
          ? `${label}: a confirmed path answered 404 without a P-code -> check the base URL and whether staging runs this operation before changing the spec.`
          : `${label}: 404 without a P-code -> path probably wrong; find the real path (or mark the operation \`deprecated\`) before relying on it.`,
      );
    } else if (r.result === "violates-spec") {
      const body = r.violations.filter((v) => v.pointer.startsWith("/"));
      const other = r.violations.filter((v) => !v.pointer.startsWith("/"));
      const fixes = [];
      if (body.length) fixes.push(`fix the response schema at ${[...new Set(body.map((v) => `\`${v.pointer}\``))].join(", ")}`);
      for (const v of other) {
        fixes.push(/status code/i.test(v.message) ? `document status ${answer} in \`responses\` (${v.message})` : `fix ${v.pointer || "the response"}: ${v.message}`);
      }
      const path = r.confidence === "confirmed" ? "" : "; the server did answer, so the path itself can move to `x-p100-confidence: confirmed`";
      out.push(`${label}: response ${answer} violates the spec -> ${fixes.join("; ")}${path} (evidence: ${date}).`);
    }
  }
  return out;
}

/**
 * The whole report. `run` is `{ date, baseUrl, spec, results, secrets }`: `date` an ISO date (YYYY-MM-DD),
 * `secrets` strings that must never appear (the API key).
 */
export function renderReport({ date, baseUrl, spec, results, secrets = [] }) {
  const counts = RESULTS.map((k) => [k, results.filter((r) => r.result === k).length]).filter(([, n]) => n > 0);
  const lines = [
    "# Spec verification against a live environment",
    "",
    `- date: ${date}`,
    `- target: ${baseUrl} (through Prism's validating proxy; GET requests only)`,
    `- spec: ${spec}`,
    `- operations: ${results.length} (${counts.map(([k, n]) => `${n} ${LABELS[k]}`).join(", ")})`,
    "",
    "| operationId | method | path | x-p100-confidence | result | evidence |",
    "|---|---|---|---|---|---|",
    ...results.map((r) =>
      `| ${[r.operationId, r.method.toUpperCase(), `\`${r.path}\``, r.confidence, resultLabel(r), evidence(r)].map(cell).join(" | ")} |`,
    ),
    "",
    "## Suggested spec changes",
    "",
    "The tool never edits the spec: apply what you agree with by hand, citing this report as evidence.",
    "",
  ];
  const list = suggestions(results, date);
  const answered = results.some((r) => r.result !== "not-run" && r.result !== "inconclusive");
  const none = answered ? "none: every answered operation matches the spec and its confidence." : "none: no operation got a conclusive answer.";
  lines.push(...(list.length ? list.map((s) => `- ${s}`) : [`- ${none}`]));
  const missing = results.filter((r) => r.notRun === "missing-input");
  const unsure = results.filter((r) => r.result === "inconclusive");
  if (missing.length || unsure.length) {
    lines.push("", "## Not decided", "");
    for (const r of missing) lines.push(`- \`${r.operationId}\`: ${r.reason.replace(/^not run: /, "")}; pass it with \`--param name=value\` and re-run.`);
    for (const r of unsure) lines.push(`- \`${r.operationId}\`: ${r.reason}.`);
  }
  lines.push("");
  return redact(lines.join("\n"), secrets);
}
