// Error codes per operation: every operation lists the codes its sources tie to it, and the likely but undocumented
// ones (P412 where an operation names a user, P434 where it names a card, P403/P500/P501 where its page does not list
// them) are listed too, each with its reason in the response's `x-p100-inferred-codes` ("inferred from ..."), so that
// `ErrorCodeOf<>` covers what the API answers and still tells documented from inferred.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deref, spec, specOperations } from "../support/spec.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The codes of an operation's error examples, by status. */
function codesOf(op: Json): { status: string; codes: string[]; inferred: Record<string, string> }[] {
  return Object.entries<Json>(op.responses ?? {})
    .filter(([status]) => !status.startsWith("2"))
    .map(([status, raw]) => {
      const response = deref(raw);
      const examples = response.content?.["application/json"]?.examples ?? {};
      return { status, codes: Object.keys(examples), inferred: response["x-p100-inferred-codes"] ?? {} };
    });
}

/** The names an operation's caller sends: path and query parameters and the top-level body fields of every variant. */
function inputNames(op: Json, pathItem: Json): Set<string> {
  const names = new Set<string>();
  for (const parameter of [...(pathItem.parameters ?? []), ...(op.parameters ?? [])].map(deref))
    names.add(parameter.name);
  const visit = (node: Json) => {
    const schema = deref(node);
    if (!schema || typeof schema !== "object") return;
    for (const name of Object.keys(schema.properties ?? {})) names.add(name);
    for (const key of ["allOf", "anyOf", "oneOf"]) for (const sub of schema[key] ?? []) visit(sub);
  };
  for (const media of Object.values<Json>(deref(op.requestBody)?.content ?? {})) visit(media.schema);
  return names;
}

const withItem = specOperations().map((o) => ({ ...o, item: spec.paths[o.path], responses: codesOf(o.op) }));

const allCodes = (responses: ReturnType<typeof codesOf>) => responses.flatMap((r) => r.codes);
const inferredCodes = (responses: ReturnType<typeof codesOf>) => Object.assign({}, ...responses.map((r) => r.inferred));

describe("error codes per operation", () => {
  it("every inferred code is listed on its response and says what it is inferred from", () => {
    const wrong = withItem.flatMap(({ operationId, responses }) =>
      responses.flatMap((r) =>
        Object.entries(r.inferred)
          .filter(([code, reason]) => !r.codes.includes(code) || !/^inferred from /.test(String(reason)))
          .map(([code]) => `${operationId} ${r.status} ${code}`),
      ),
    );
    expect(wrong).toEqual([]);
  });

  it("every operation that names an existing user lists P412 (user does not exist)", () => {
    // Creating a user names a new one: P411 (user exists) applies there instead.
    const creating = new Set(["createUser", "createUserWithoutKyc"]);
    const missing = withItem
      .filter(
        ({ operationId, op, item }) =>
          !creating.has(operationId) && [...inputNames(op, item)].some((n) => /externalUserId$/i.test(n)),
      )
      .filter(({ responses }) => !allCodes(responses).includes("P412"))
      .map(({ operationId }) => operationId);
    expect(missing).toEqual([]);
  });

  it("every operation that names a card lists P434 (card does not exist)", () => {
    const missing = withItem
      .filter(({ op, item }) => inputNames(op, item).has("cardId"))
      .filter(({ responses }) => !allCodes(responses).includes("P434"))
      .map(({ operationId }) => operationId);
    expect(missing).toEqual([]);
  });

  it("codes beyond an operation's captured list are marked inferred (audit F8/F9 residues)", () => {
    const find = (id: string) => inferredCodes(withItem.find((o) => o.operationId === id)!.responses);
    expect(Object.keys(find("suspendUser")).sort()).toEqual(["P500", "P501"]);
    expect(Object.keys(find("getKycRedirectPage")).sort()).toEqual(["P500", "P501"]);
    expect(Object.keys(find("deleteUser"))).toContain("P403");
    expect(Object.keys(find("getUserBalances"))).toEqual(expect.arrayContaining(["P403", "P412"]));
  });

  it("ErrorCodeOf follows the spec's lists", () => {
    const methods = readFileSync(new URL("../../generated/methods.ts", import.meta.url), "utf8");
    const union = (id: string) => methods.match(new RegExp(`${id}: \\{[^}]*?errorCode: ([^;]+);`))?.[1];
    expect(union("getUserBalances")).toBe('"P403" | "P412" | "P500" | "P501"');
    expect(union("blockCard")).toBe('"P403" | "P412" | "P434" | "P500" | "P501"');
  });
});
