// The generator of flat method inputs (scripts/lib/methods.mjs), run on small scratch specs: a field name used in two
// places, or a body that is not an object, stops the generation with an error naming the operation.
import { describe, expect, it } from "vitest";
import {
  documentedErrorCodes,
  emitMethods,
  flatInputLayout,
  movesMoney,
  outcomeWebhooks,
} from "../../scripts/lib/methods.mjs";
import { spec as bundledSpec } from "../support/spec.js";

const ok = { "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } } };

/** A scratch spec with one operation `POST /v1/things/{thingId}` taking the given parameters and body. */
function scratch(parameters: object[], body?: object) {
  const op = {
    operationId: "updateThing",
    summary: "Update thing",
    "x-p100-confidence": "inferred",
    parameters,
    ...(body ? { requestBody: { required: true, content: { "application/json": { schema: body } } } } : {}),
    responses: ok,
  };
  const item = { post: op };
  const spec = { openapi: "3.1.0", paths: { "/v1/things/{thingId}": item }, components: { schemas: {} } };
  return { spec, entry: { path: "/v1/things/{thingId}", method: "post", op, item } };
}

const thingId = { name: "thingId", in: "path", required: true, schema: { type: "string" } };

describe("flat input layout", () => {
  it("places path, query and body fields", () => {
    const { spec, entry } = scratch([thingId, { name: "dryRun", in: "query", schema: { type: "boolean" } }], {
      type: "object",
      properties: { label: { type: "string" } },
    });
    expect(flatInputLayout(spec, entry)).toMatchObject({
      pathParams: ["thingId"],
      queryParams: ["dryRun"],
      hasBody: true,
      bodyFields: ["label"],
    });
  });

  it("a name that is both a path parameter and a body field is an error naming the operation", () => {
    const { spec, entry } = scratch([thingId], { type: "object", properties: { thingId: { type: "string" } } });
    expect(() => flatInputLayout(spec, entry)).toThrow(
      /^updateThing: the field "thingId" is both a path parameter and a body field/,
    );
    expect(() => emitMethods(spec, [entry])).toThrow(/updateThing/);
  });

  it("a name in a oneOf variant of the body counts too", () => {
    const { spec, entry } = scratch([thingId, { name: "label", in: "query", schema: { type: "string" } }], {
      oneOf: [
        { type: "object", properties: { amount: { type: "string" } } },
        { type: "object", properties: { label: { type: "string" } } },
      ],
    });
    expect(() => flatInputLayout(spec, entry)).toThrow(
      /updateThing: the field "label" is both a query parameter and a body field/,
    );
  });

  it("a name that is both a path and a query parameter is an error", () => {
    const { spec, entry } = scratch([thingId, { name: "thingId", in: "query", schema: { type: "string" } }]);
    expect(() => flatInputLayout(spec, entry)).toThrow(
      /updateThing: the field "thingId" is both a path parameter and a query parameter/,
    );
  });

  it("a body that is not an object cannot be flattened: an error, not a guess", () => {
    const { spec, entry } = scratch([thingId], { type: "array", items: { type: "string" } });
    expect(() => flatInputLayout(spec, entry)).toThrow(/updateThing: the request body is not an object/);
  });

  it("a header parameter is refused (flat inputs carry no headers)", () => {
    const { spec, entry } = scratch([thingId, { name: "x-trace", in: "header", schema: { type: "string" } }]);
    expect(() => flatInputLayout(spec, entry)).toThrow(/updateThing: header parameter "x-trace" is not supported/);
  });
});

describe("the real spec", () => {
  const spec = bundledSpec as {
    paths: Record<string, Record<string, { operationId?: string }>>;
    webhooks: Record<string, unknown>;
  };
  const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, op]) => typeof op === "object" && op !== null && "operationId" in op)
      .map(([method, op]) => ({ path, method, op, item })),
  );

  it("every outcome webhook an operation names (x-p100-outcome-webhooks) is a real webhook", () => {
    let links = 0;
    for (const { op } of operations) {
      for (const name of outcomeWebhooks(op)) {
        links++;
        expect(Object.hasOwn(spec.webhooks, name), `${op.operationId} -> ${name}`).toBe(true);
      }
    }
    expect(links).toBeGreaterThan(0);
  });

  it("every write says whether it moves money (x-p100-moves-money), and transfers do", () => {
    for (const { method, op } of operations) {
      if (method === "get") expect(movesMoney(method, op)).toBeUndefined();
      else expect(typeof movesMoney(method, op), op.operationId).toBe("boolean");
    }
    const moving = operations.filter(({ method, op }) => movesMoney(method, op)).map(({ op }) => op.operationId);
    expect(moving).toEqual(
      expect.arrayContaining(["createPartnerSepaTransfer", "createUserSepaTransfer", "createTransfer"]),
    );
  });

  it("documented error codes come from the operation's error examples", () => {
    const createUser = operations.find(({ op }) => op.operationId === "createUser")!;
    expect(documentedErrorCodes(spec, createUser.op)).toEqual(expect.arrayContaining(["P403", "P411"]));
    expect(documentedErrorCodes(spec, createUser.op)).not.toContain("P433");
  });
});

describe("method docs: inferred error codes", () => {
  it("marks a code an operation's documentation does not list (x-p100-inferred-codes) as inferred, and only that one", async () => {
    const { readFileSync } = await import("node:fs");
    const methods = readFileSync(new URL("../../generated/methods.ts", import.meta.url), "utf8");
    const doc = methods.slice(methods.indexOf('`ErrorCodeOf<"suspendUser">`'), methods.indexOf("suspendUser: {"));
    expect(doc).toMatch(/- `P500`: [^\n]*Inferred: this operation's documentation does not list it\./);
    expect(doc).toMatch(/- `P412`: [^\n]*\n/);
    expect(doc).not.toMatch(/- `P412`: [^\n]*Inferred/);
  });
});
