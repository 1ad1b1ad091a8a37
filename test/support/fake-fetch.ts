// A scripted fetch for unit tests: no network. Each call takes the next answer; every request is recorded.
import type { FetchLike } from "../../src/index.js";

/** One scripted answer: a Response, a function of the request, or an error to throw (a connection failure). */
export type Answer = Response | Error | ((request: Request) => Response | Promise<Response>);

export interface FakeFetch {
  fetch: FetchLike;
  /** The requests received, with their bodies read as text. */
  calls: { method: string; url: string; headers: Headers; body: string }[];
}

/** A fetch that answers from the script, in order; the last answer repeats. */
export function fakeFetch(...answers: Answer[]): FakeFetch {
  const calls: FakeFetch["calls"] = [];
  let index = 0;
  const fetch: FetchLike = async (request) => {
    calls.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: await request.clone().text(),
    });
    const answer = answers[Math.min(index++, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    if (typeof answer === "function") return answer(request);
    if (!answer) throw new Error("fakeFetch has no answer scripted");
    return answer.clone();
  };
  return { fetch, calls };
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** A fetch failure as undici reports it (TypeError with a coded cause). */
export function connectionRefused(): Error {
  return Object.assign(new TypeError("fetch failed"), {
    cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
  });
}

/** A fetch that never answers until its request is aborted. */
export const hangingFetch: FetchLike = (request) =>
  new Promise((_, reject) => {
    request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
  });
