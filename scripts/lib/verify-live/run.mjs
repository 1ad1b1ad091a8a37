// Runs a verification: plans the spec's operations, starts Prism as a validating proxy in front of the target,
// sends the read-only requests one at a time, classifies each answer and stops Prism (always).
import { readFileSync } from "node:fs";
import { startPrism } from "../prism.mjs";
import { classify, parseViolations } from "./classify.mjs";
import { planOperations, READ_ONLY_METHODS } from "./plan.mjs";

const TIMEOUT_MS = 30_000;

async function readBody(response) {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Verifies the spec at `specPath` against `upstream` (already checked by resolveTarget). Returns the classification
 * of every operation, in spec order. `onProgress(result)` is called after each operation.
 */
export async function verifyLive({ specPath, upstream, apiKey, externalUserId, params = {}, onProgress = () => {} }) {
  if (!apiKey) throw new Error("an API key is required");
  const spec = JSON.parse(readFileSync(specPath, "utf8"));
  const plan = planOperations(spec, { externalUserId, params });
  const results = plan.map((p) => p.result);
  if (plan.some((p) => p.request)) {
    const prism = await startPrism({ mode: "proxy", spec: specPath, upstream, errors: false });
    // An interrupted run (Ctrl+C makes the CLI exit) must not orphan Prism on its port.
    const kill = () => prism.child.kill("SIGKILL");
    process.once("exit", kill);
    try {
      for (const [index, { operation, request }] of plan.entries()) {
        if (!request) {
          onProgress(results[index]);
          continue;
        }
        // Belt and braces: the plan only holds GETs, and nothing else may ever leave this machine.
        if (!READ_ONLY_METHODS.has(request.method.toLowerCase())) throw new Error(`refusing to send ${request.method}`);
        const url = new URL(request.path, `${prism.url}/`);
        for (const [name, value] of request.query) url.searchParams.append(name, value);
        let result;
        try {
          const response = await fetch(url, {
            method: request.method,
            headers: { ...request.headers, accept: "application/json", "x-api-key": apiKey },
            redirect: "manual",
            signal: AbortSignal.timeout(TIMEOUT_MS),
          });
          const body = await readBody(response);
          result = classify(operation, { status: response.status, body, violations: parseViolations(response.headers.get("sl-violations")) });
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          result = { ...operation, result: "inconclusive", reason: `request failed: ${why}`, violations: [], requestViolations: [] };
        }
        results[index] = result;
        onProgress(result);
      }
    } finally {
      process.off("exit", kill);
      await prism.stop();
    }
  } else {
    for (const r of results) onProgress(r);
  }
  return results;
}
