// The spec owns every fact the generator and the client use: which webhook reports an operation's outcome
// (x-p100-outcome-webhooks), whether a write moves money (x-p100-moves-money), each error code's class
// (x-p100-error-class) and retryability (x-p100-retryable). Nothing outside the spec may list them again, and a new
// operation or code that lacks its fact stops the generation.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emitMethods } from "../../scripts/lib/methods.mjs";
import { errorCodeClasses, errorCodes, retryableErrorCodes } from "../../generated/error-codes.js";
import {
  errorFromResponse,
  P100ApiError,
  P100NotFoundError,
  P100ServerError,
  P100ValidationError,
} from "../../src/errors.js";
import { spec } from "../support/spec.js";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

/** Source text without its comments (line, block and JSDoc), so a code named in a comment does not count. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

/** A scratch write with the given extensions, for the generator. */
function scratchWrite(extensions: Record<string, unknown>) {
  const op = {
    operationId: "createThing",
    summary: "Create thing",
    "x-p100-confidence": "inferred",
    ...extensions,
    responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } } },
  };
  const item = { post: op };
  const scratch = {
    openapi: "3.1.0",
    paths: { "/v1/things": item },
    components: { schemas: {} },
    webhooks: { thingDone: {} },
  };
  return { scratch, entries: [{ path: "/v1/things", method: "post", op, item }] };
}

describe("the generator reads the facts from the spec", () => {
  it("a write without x-p100-moves-money stops the generation, naming it", () => {
    const { scratch, entries } = scratchWrite({});
    expect(() => emitMethods(scratch, entries)).toThrow(/createThing: a POST needs x-p100-moves-money/);
  });

  it("x-p100-moves-money chooses the retry sentence; x-p100-outcome-webhooks the webhook sentence", () => {
    const moving = scratchWrite({ "x-p100-moves-money": true, "x-p100-outcome-webhooks": ["thingDone"] });
    const text = emitMethods(moving.scratch, moving.entries);
    expect(text).toContain("Moves money: sent exactly once");
    expect(text).toContain("reported by the `thingDone` webhook");
    const plain = scratchWrite({ "x-p100-moves-money": false });
    expect(emitMethods(plain.scratch, plain.entries)).toContain("A write: sent once, not retried unless");
  });

  it("an outcome webhook the spec lacks stops the generation", () => {
    const { scratch, entries } = scratchWrite({
      "x-p100-moves-money": false,
      "x-p100-outcome-webhooks": ["thingGone"],
    });
    expect(() => emitMethods(scratch, entries)).toThrow(
      /createThing: its outcome webhook "thingGone" is not in the spec/,
    );
  });

  it("scripts/lib/methods.mjs names no operationId and no webhook kind", () => {
    const source = read("scripts/lib/methods.mjs");
    const ids = Object.values(spec.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((item) =>
      Object.values(item).flatMap((op) => (typeof op === "object" && op?.operationId ? [op.operationId] : [])),
    );
    const names = [...ids, ...Object.keys(spec.webhooks)];
    expect(names.length).toBeGreaterThan(40);
    expect(names.filter((name) => new RegExp(`\\b${name}\\b`).test(source))).toEqual([]);
  });
});

describe("the client core reads error-code facts from the generated tables", () => {
  it("src/*.ts names no error code outside comments", () => {
    const files = readdirSync(new URL("src/", root)).filter((file) => file.endsWith(".ts"));
    const codes = Object.keys(errorCodes);
    const found = files.flatMap((file) => {
      const code = withoutComments(read(`src/${file}`));
      return codes.filter((c) => new RegExp(`\\b${c}\\b`).test(code)).map((c) => `${file}: ${c}`);
    });
    expect(found).toEqual([]);
  });

  it("every documented code has a class; the retryable ones are the spec's", () => {
    const schema = spec.components.schemas.ErrorCode;
    expect(Object.keys(errorCodeClasses)).toEqual(schema.enum);
    expect(errorCodeClasses).toEqual(schema["x-p100-error-class"]);
    expect([...retryableErrorCodes]).toEqual(schema["x-p100-retryable"]);
  });

  it("the class a code's spec entry gives chooses the error class thrown", () => {
    const make = (code: string) => errorFromResponse({ status: 400, headers: new Headers() }, { errorCode: code });
    const expected = {
      validation: P100ValidationError,
      "not-found": P100NotFoundError,
      server: P100ServerError,
    } as const;
    for (const [code, codeClass] of Object.entries(errorCodeClasses)) {
      const error = make(code);
      const cls = expected[codeClass as keyof typeof expected];
      if (cls) expect(error, code).toBeInstanceOf(cls);
      else expect(error.constructor, code).toBe(P100ApiError);
    }
  });
});
