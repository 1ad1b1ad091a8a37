// @ts-check
// Resolving local `$ref`s of the bundled spec: the one resolver the scripts, the benchmarks and the tests share.

/**
 * Resolves a local `#/...` reference of the spec, following chains (bundled specs only hold local ones).
 * @param {any} spec
 * @param {any} node
 * @returns {any}
 */
export function deref(spec, node) {
  let current = node;
  for (let depth = 0; current && typeof current === "object" && typeof current.$ref === "string"; depth++) {
    if (depth > 32 || !current.$ref.startsWith("#/")) throw new Error(`cannot resolve $ref ${current.$ref}`);
    const parts = current.$ref
      .slice(2)
      .split("/")
      .map((/** @type {string} */ p) => decodeURIComponent(p).replace(/~1/g, "/").replace(/~0/g, "~"));
    current = parts.reduce((/** @type {any} */ acc, /** @type {string} */ key) => acc?.[key], spec);
  }
  return current;
}
