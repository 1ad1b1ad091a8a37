// The ways of making the same call that the per-call benchmarks compare: the SDK's operation method, plain
// openapi-fetch, a hand-written `fetch`, and two peer SDKs (stripe-node, openai-node) sending the same GET through
// their documented custom-request calls. Each resolves to the parsed success body and throws on an error status.
import OpenAI from "openai";
import createClient from "openapi-fetch";
import Stripe from "stripe";
import type { createP100Client } from "../src/index.js";
import type { FetchLike } from "../src/transport.js";
import { flatArgument, rawUrl, sdkArgument, type BenchOperation } from "./spec.js";

/** The API key the benchmarks send (the server does not check it). */
export const BENCH_API_KEY = "bench-key-0123456789";

export type Call = () => Promise<unknown>;

/**
 * The SDK's typed operation method, as a user calls it (client defaults: timeout, retries for reads, logger off).
 * `create` is the client factory of the build under test (bench/built-sdk.ts).
 */
export function sdkCall(create: typeof createP100Client, op: BenchOperation, baseUrl: string, fetch?: FetchLike): Call {
  const p100 = create({ apiKey: BENCH_API_KEY, baseUrl, ...(fetch ? { fetch } : {}) });
  const method = (p100 as unknown as Record<string, (arg: unknown) => Promise<unknown>>)[op.operationId]!;
  const arg = flatArgument(op);
  return () => method(arg);
}

/** Plain openapi-fetch with the API key as a default header, the way a user without the SDK would set it up. */
export function openapiFetchCall(
  op: BenchOperation,
  baseUrl: string,
  fetch?: (request: Request) => Promise<Response>,
): Call {
  const client = createClient({ baseUrl, headers: { "x-api-key": BENCH_API_KEY }, ...(fetch ? { fetch } : {}) });
  const arg = sdkArgument(op);
  const method = op.method.toUpperCase() as "POST";
  return async () => {
    const { data, error, response } = await (
      client as unknown as {
        request: (m: string, p: string, i: unknown) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
      }
    ).request(method.toLowerCase(), op.path, arg);
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${JSON.stringify(error)}`);
    return data;
  };
}

/** A hand-written `fetch` call: build the URL, send JSON, check the status, parse JSON. */
export function rawFetchCall(
  op: BenchOperation,
  baseUrl: string,
  fetch: typeof globalThis.fetch = globalThis.fetch,
): Call {
  const url = rawUrl(baseUrl, op);
  const method = op.method.toUpperCase();
  const headers: Record<string, string> = { "x-api-key": BENCH_API_KEY };
  for (const [name, value] of Object.entries(op.params.header ?? {})) headers[name] = String(value);
  if (op.body !== undefined) headers["content-type"] = "application/json";
  return async () => {
    const response = await fetch(url, {
      method,
      headers,
      ...(op.body !== undefined ? { body: JSON.stringify(op.body) } : {}),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    if (response.status === 204) return undefined;
    return op.success.contentType?.includes("json") ? response.json() : response.text();
  };
}

/** The peers need a GET without a body: their generic calls put no parameters anywhere but in the path. */
function peerPath(op: BenchOperation): string {
  if (op.method !== "get")
    throw new Error(`the peer SDKs are benchmarked on a GET; ${op.operationId} is a ${op.method.toUpperCase()}`);
  return rawUrl("", op);
}

/**
 * stripe-node, client defaults (timeout, retries, telemetry header), GETting the operation's path through its
 * documented `rawRequest`. With a `fetch` it uses that through `Stripe.createFetchHttpClient`; without one, its
 * default Node http client (keep-alive agent), as a user gets it.
 */
export function stripeCall(op: BenchOperation, baseUrl: string, fetch?: typeof globalThis.fetch): Call {
  const url = new URL(baseUrl);
  const stripe = new Stripe(BENCH_API_KEY, {
    host: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    protocol: url.protocol === "http:" ? "http" : "https",
    ...(fetch ? { httpClient: Stripe.createFetchHttpClient(fetch) } : {}),
  });
  const path = peerPath(op);
  return () => stripe.rawRequest("GET", path);
}

/** openai-node, client defaults (timeout, retries), GETting the operation's path through its documented `client.get`. */
export function openaiCall(op: BenchOperation, baseUrl: string, fetch?: typeof globalThis.fetch): Call {
  const openai = new OpenAI({ apiKey: BENCH_API_KEY, baseURL: baseUrl, ...(fetch ? { fetch } : {}) });
  const path = peerPath(op);
  return () => openai.get(path);
}

/** Runs `count` sequential calls and returns the elapsed ms. */
export async function timeCalls(call: Call, count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) await call();
  return performance.now() - start;
}

/** Fails loudly when a contender does not return the documented success body: a benchmark of a broken call is void. */
export async function assertWorks(name: string, call: Call, expected: unknown): Promise<void> {
  const result = await call();
  if (JSON.stringify(result) !== JSON.stringify(expected)) {
    throw new Error(`${name} returned ${JSON.stringify(result)}, expected ${JSON.stringify(expected)}`);
  }
}
