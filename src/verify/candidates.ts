// Other paths an inferred operation may live at, tried only after the spec's path answered "no such path". These are
// GUESSES of this tool (inferred from how the API's documented paths are built: `/v1/card/all/{externalUserId}`,
// `/details/{id}`, singular resource names), never facts: a guess is reported only when the server answers it.

/** Literal segments the API's documented paths add or leave out around the same resource. */
const OPTIONAL_SEGMENTS = ["user", "partner", "details", "all"];
const MAX_CANDIDATES = 8;

/** Up to eight variants of `template`, each keeping its placeholders; never the template itself. */
export function candidatePaths(template: string): string[] {
  const segments = template.split("/").filter(Boolean);
  const [version = "v1", ...rest] = segments;
  const join = (parts: readonly string[]) => `/${[version, ...parts].join("/")}`;
  const found: string[] = [];
  // 1. Leave out one optional segment: /v1/user/transactions/{id} -> /v1/transactions/{id}.
  rest.forEach((s, i) => {
    if (OPTIONAL_SEGMENTS.includes(s)) found.push(join(rest.filter((_, j) => j !== i)));
  });
  // 2. Singular <-> plural of one resource name: transactions -> transaction.
  rest.forEach((s, i) => {
    if (s.startsWith("{") || OPTIONAL_SEGMENTS.includes(s)) return;
    const other = s.endsWith("s") ? s.slice(0, -1) : `${s}s`;
    found.push(join(rest.map((x, j) => (j === i ? other : x))));
  });
  // 3. A detail read without /details, or a list with /all before the user's id, as other documented paths have.
  const firstParam = rest.findIndex((s) => s.startsWith("{"));
  if (firstParam > 0 && !rest.includes("details") && !rest.includes("all")) {
    found.push(
      join([
        ...rest.slice(0, firstParam),
        rest[firstParam] === "{externalUserId}" ? "all" : "details",
        ...rest.slice(firstParam),
      ]),
    );
  }
  return [...new Set(found)].filter((p) => p !== template && p.split("/").length > 2).slice(0, MAX_CANDIDATES);
}
