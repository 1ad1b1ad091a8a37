// @ts-check
// The one-screen summary of how much of the spec is verified: operations, webhooks, fields and request constraints
// counted by confidence, and how many enums are open. Generated into README.md ("How much of this spec is verified")
// and generated/provenance.md, so the numbers can never drift from openapi/.
import { countByConfidence, listFields, listRequestConstraints } from "./spec-constraints.mjs";

const LEVELS = ["confirmed", "older-docs", "inferred"];

/**
 * Every schema node of the spec that lists enum values.
 * @param {any} node
 * @param {any[]} [found]
 * @returns {any[]}
 */
function enumNodes(node, found = []) {
  if (node === null || typeof node !== "object") return found;
  if (!Array.isArray(node) && Array.isArray(node.enum)) found.push(node);
  for (const value of Object.values(node)) enumNodes(value, found);
  return found;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The `x-p100-confidence` of every operation (paths) or webhook (webhooks) of a path-item map. */
const confidences = (/** @type {Record<string, any> | undefined} */ items) =>
  Object.values(items ?? {}).flatMap((item) =>
    METHODS.filter((m) => item[m]).map((m) => ({ confidence: item[m]["x-p100-confidence"] })),
  );

/**
 * The counts behind the summary.
 * @param {any} spec
 */
export function verificationCounts(spec) {
  const operations = confidences(spec.paths);
  const webhooks = confidences(spec.webhooks);
  const constraints = listRequestConstraints(spec);
  const enums = enumNodes(spec.components ?? {}).concat(enumNodes(spec.paths ?? {}));
  return {
    operations: countByConfidence(operations),
    webhooks: countByConfidence(webhooks),
    fields: countByConfidence(listFields(spec)),
    constraints: countByConfidence(constraints),
    constraintsWithSource: constraints.filter((c) => c.source !== undefined).length,
    constraintCount: constraints.length,
    closedBodies: constraints.filter((c) => c.keyword === "additionalProperties").length,
    forbiddenFields: constraints.filter((c) => c.keyword === "forbidden").length,
    exampleDerived: constraints.filter((c) => /example-derived/i.test(c.source ?? "")).length,
    enumsOpen: enums.filter((e) => e["x-p100-complete"] !== true).length,
    enumsClosed: enums.filter((e) => e["x-p100-complete"] === true).length,
  };
}

/**
 * The summary as a markdown table plus one line about constraints and enums.
 * @param {any} spec
 */
export function verificationSummary(spec) {
  const c = verificationCounts(spec);
  /** @typedef {Record<string, number>} Counts */
  const total = (/** @type {Counts} */ counts) =>
    LEVELS.reduce((sum, level) => sum + /** @type {number} */ (counts[level]), 0);
  const row = (/** @type {string} */ label, /** @type {Counts} */ counts) =>
    `| ${label} | ${total(counts)} | ${LEVELS.map((level) => counts[level]).join(" | ")} |`;
  return [
    "| what | total | confirmed | older-docs | inferred |",
    "|---|---|---|---|---|",
    row("operations", c.operations),
    row("webhooks", c.webhooks),
    row("fields (request, response and webhook properties)", c.fields),
    row(
      "request constraints (required entries, patterns, formats, enums, bounds, closed bodies, forbidden fields, one-of rules)",
      c.constraints,
    ),
    "",
    `${c.constraintsWithSource} of ${c.constraintCount} request constraints name their source (\`x-p100-source\`; a test fails on any`,
    "that does not). Each counts once per spec location, at the confidence its own source establishes: a component",
    "reached by several operations counts once, and the operations that reach it do not change its label (a test fails",
    `on a label above its source). ${c.exampleDerived} are example-derived (taken from a documented example, not a stated rule)`,
    `and count as inferred. ${c.closedBodies} request bodies are closed and ${c.forbiddenFields} fields forbidden, each with its source; every`,
    "other body is open. A field counts at its own `x-p100-confidence`, else its schema's, else its operation's; a field",
    "reached by operations of different confidence counts at its best-established use.",
    `${c.enumsOpen} enums are open (unlisted values accepted, typed \`"A" | "B" | (string & {})\`); ${c.enumsClosed} are closed`,
    "because a source documents the complete list (`x-p100-complete`), all of them request fields: a response or webhook",
    "enum stays open even where a page lists every value, so a value added later never breaks a receiver.",
  ].join("\n");
}
