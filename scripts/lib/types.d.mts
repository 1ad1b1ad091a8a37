// Types of types.mjs, for the tests that import it.
import type ts from "typescript";

/** The open-union type node of an enum not marked x-p100-complete, or undefined. */
export declare function openEnumType(schema: unknown): ts.TypeNode | undefined;
/** The TypeScript source of the spec's types. */
export declare function emitTypes(bundlePath: string): Promise<string>;
