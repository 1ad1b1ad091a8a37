// The field-by-field comparison of an answer with its schema, on small hand-written specs.
import { describe, expect, it } from "vitest";
import { compareWithSchema } from "../../src/verify/compare.js";
import type { Spec, SpecNode } from "../../src/verify/spec.js";

const spec: Spec = {
  paths: {},
  components: {
    schemas: {
      Status: { type: "string", enum: ["PENDING", "DONE"] },
      Money: {
        type: "object",
        required: ["amount"],
        properties: { amount: { type: ["string", "number"] }, currency: { type: "string" } },
      },
      Transfer: {
        allOf: [
          { $ref: "#/components/schemas/Money" },
          {
            type: "object",
            required: ["id"],
            properties: { id: { type: "string" }, status: { $ref: "#/components/schemas/Status" } },
          },
        ],
      },
    },
  },
};
const ref = (name: string): SpecNode => ({ $ref: `#/components/schemas/${name}` });

describe("compareWithSchema", () => {
  it("a matching body has no difference; allOf parts count as one object", () => {
    expect(compareWithSchema(spec, ref("Transfer"), { id: "t", amount: 1, currency: "eur", status: "DONE" })).toEqual(
      [],
    );
  });

  it("names missing, extra, other type and unlisted enum value, each with its pointer", () => {
    expect(compareWithSchema(spec, ref("Transfer"), { amount: true, status: "REFUNDED", created_at: "x" })).toEqual([
      { kind: "missing", field: "/id", expected: "string", actual: "absent" },
      { kind: "type", field: "/amount", expected: "string | number", actual: "boolean" },
      { kind: "enum", field: "/status", expected: '"PENDING", "DONE"', actual: '"REFUNDED"' },
      { kind: "extra", field: "/created_at", expected: "not in the spec", actual: "string" },
    ]);
  });

  it("array items are reported once under /*, whatever their number", () => {
    const list = { type: "array", items: ref("Transfer") };
    const items = Array.from({ length: 30 }, (_, i) => ({ id: String(i), amount: "1", status: "LOST" }));
    expect(compareWithSchema(spec, list, items)).toEqual([
      { kind: "enum", field: "/*/status", expected: '"PENDING", "DONE"', actual: '"LOST"' },
    ]);
    expect(compareWithSchema(spec, list, { items })).toEqual([
      { kind: "type", field: "", expected: "array", actual: "object" },
    ]);
  });

  it("oneOf/anyOf: the branch the value fits best is the one reported", () => {
    const either = {
      oneOf: [
        { type: "object", required: ["a"], properties: { a: { type: "string" } } },
        { type: "object", required: ["b", "c"], properties: { b: { type: "string" }, c: { type: "string" } } },
      ],
    };
    expect(compareWithSchema(spec, either, { b: "x", c: "y" })).toEqual([]);
    // Against the first branch: /a missing and /b extra; against the second only /c missing, so the second is reported.
    expect(compareWithSchema(spec, either, { b: "x" })).toEqual([
      { kind: "missing", field: "/c", expected: "string", actual: "absent" },
    ]);
  });

  it("free-form objects and maps have no extra fields; nullable and integer-as-number are accepted", () => {
    expect(compareWithSchema(spec, { type: "object" }, { anything: 1 })).toEqual([]);
    const map = { type: "object", additionalProperties: { type: "number" } };
    expect(compareWithSchema(spec, map, { eur: 1, btc: "2" })).toEqual([
      { kind: "type", field: "/btc", expected: "number", actual: "string" },
    ]);
    expect(compareWithSchema(spec, { type: "string", nullable: true }, null)).toEqual([]);
    expect(compareWithSchema(spec, { type: "number" }, 3)).toEqual([]);
    expect(compareWithSchema(spec, { type: "integer" }, 3.5)).toEqual([
      { kind: "type", field: "", expected: "integer", actual: "number" },
    ]);
  });

  it("a field name with / or ~ is escaped in the pointer", () => {
    const schema = { type: "object", properties: { "a/b": { type: "string" } } };
    expect(compareWithSchema(spec, schema, { "a/b": 1, "c~d": 2 }).map((d) => d.field)).toEqual(["/a~1b", "/c~0d"]);
  });
});
