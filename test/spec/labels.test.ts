// Labels by source: a request constraint counts at the confidence its own `x-p100-source` establishes, never at the
// confidence of the operation that happens to reach it first, and a constraint taken from a documented example alone
// is labelled example-derived and counted as inferred.
import { describe, expect, it } from "vitest";
import { listRequestConstraints, overLabelled, sourceCeiling } from "../../scripts/lib/spec-constraints.mjs";
import { spec } from "../support/spec.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const LEVELS = ["confirmed", "older-docs", "inferred"];
const above = (label: string, ceiling: string) => LEVELS.indexOf(label) < LEVELS.indexOf(ceiling);
const describeConstraint = (c: Json) =>
  `${c.location} ${c.keyword}${c.field ? ` ${c.field}` : ""}: ${c.confidence} > ${sourceCeiling(c.source)}`;

describe("what a source can establish", () => {
  it.each([
    ["inferred: later user operations address the user by it", "inferred"],
    ["not documented as a rule: an empty identifier cannot name a resource", "inferred"],
    ["third-party client: it always sends this field", "inferred"],
    [
      "example-derived: the newest page sends amount in its request example (https://x/create-and-finalize-an-exchange-28597674e0)",
      "inferred",
    ],
    ["older-docs field table, required: true (https://p-100.github.io/partner-api-docs/general/api/kyc)", "older-docs"],
    ["the Add POA File page (https://partner-api-docs.p100.io/add-poa-file-19651252e0)", "older-docs"],
    [
      'newest page: "This ID is mandatory" (https://partner-api-docs.p100.io/create-and-finalize-an-exchange-28597674e0)',
      "confirmed",
    ],
    ["newest FAQ: citizenship is mandatory", "confirmed"],
    ["a page of the documentation", "inferred"],
    [undefined, "inferred"],
  ])("%s -> %s", (source, level) => {
    expect(sourceCeiling(source)).toBe(level);
  });
});

describe("request constraints are labelled by their own source", () => {
  const constraints = listRequestConstraints(spec);

  it("no constraint of the spec is labelled above what its source establishes", () => {
    const wrong = constraints.filter((c: Json) => above(c.confidence, sourceCeiling(c.source))).map(describeConstraint);
    expect(wrong).toEqual([]);
  });

  it("a constraint shared by operations of different confidence keeps its own source's label", () => {
    // ExternalUserId's minLength is reached first by a confirmed operation; its source says "not documented as a rule".
    const shared = constraints.find(
      (c: Json) => c.location === "#/components/schemas/ExternalUserId" && c.keyword === "minLength",
    );
    expect(shared?.operations.length).toBeGreaterThan(10);
    expect(shared?.confidence).toBe("inferred");
  });

  it("a source that rests on a documented example says so and counts as inferred", () => {
    // A source that mentions an example but states no rule (required, mandatory, must, a table, a list, a message).
    const states = /required|mandatory|\bmust\b|table|\blists?\b|message|says|\bonly\b/i;
    const unmarked = constraints
      .filter(
        (c: Json) =>
          /\bexample\b/i.test(c.source ?? "") && !/example-derived/i.test(c.source) && !states.test(c.source),
      )
      .map(describeConstraint);
    expect(unmarked).toEqual([]);
    const derived = constraints.filter((c: Json) => /example-derived/i.test(c.source ?? ""));
    expect(derived.length).toBeGreaterThan(0);
    expect(derived.filter((c: Json) => c.confidence !== "inferred").map(describeConstraint)).toEqual([]);
  });

  it("a planted constraint labelled above its source is reported", () => {
    const probe = {
      paths: {
        "/probe": {
          post: {
            operationId: "probe",
            "x-p100-confidence": "confirmed",
            requestBody: {
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["a", "b", "c"],
                    properties: {
                      a: {
                        type: "string",
                        "x-p100-confidence": "confirmed",
                        "x-p100-source": "third-party client (inferred)",
                      },
                      b: {
                        type: "string",
                        "x-p100-confidence": "confirmed",
                        "x-p100-source": "older page https://x/page-19651252e0",
                      },
                      c: { type: "string", "x-p100-source": "example-derived: the newest page's example" },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    const found = listRequestConstraints(probe);
    expect(overLabelled(found).map((c: Json) => c.field)).toEqual(["a", "b"]);
    // The confirmed operation does not lift the unlabelled example-derived constraint.
    expect(found.find((c: Json) => c.field === "c")?.confidence).toBe("inferred");
  });
});
