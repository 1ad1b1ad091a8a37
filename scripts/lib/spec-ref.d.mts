/** Resolves a local `#/...` reference of the spec, following chains. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function deref(spec: any, node: any): any;
