// What README's webhook and Postgres sections must tell users, checked against the README itself so that a rewrite
// cannot drop it: the pool's error listener (without it a database restart crashes the process), the whole
// table-name rule, what a failed complete() after a successful callback means, and how unhandled kinds are answered.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
/** The text of a README section, from its heading to the next heading of the same or a higher level. */
function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const level = /^#+/.exec(heading)![0];
  const next = readme.slice(start + heading.length + 2).search(new RegExp(`\\n#{1,${level.length}} `));
  return readme.slice(start, next === -1 ? undefined : start + heading.length + 2 + next);
}

describe("README: the Postgres store", () => {
  const postgres = section("### Several instances: the Postgres store");

  it("the example listens for the pool's errors before using it, and says why", () => {
    const example = /```ts\n([\s\S]*?)\n```/.exec(postgres)?.[1] ?? "";
    expect(example).toMatch(/pool\.on\("error", /);
    expect(example.indexOf('pool.on("error"')).toBeLessThan(example.indexOf("createPostgresIdempotencyStore({"));
    expect(example).toMatch(/crashes the process/);
  });

  it("states the whole table-name rule", () => {
    expect(postgres).toContain("no leading digit");
    expect(postgres).toContain("at most 48 characters per part");
  });

  it("says what happens when complete() fails after a successful callback", () => {
    expect(postgres).toMatch(
      /`complete\(\)` then fails[\s\S]*\*\*200\*\*[\s\S]*`onError`[\s\S]*runs the callback \*\*again\*\*/,
    );
  });

  it("says that replay of an unknown or malformed id throws the typed error", () => {
    expect(section("#### Inbox of raw deliveries")).toMatch(
      /not an id at all such as `"abc"`\)\s+throws `P100WebhookConfigurationError`/,
    );
  });
});

describe("README: webhook delivery semantics", () => {
  const semantics = section("### Delivery semantics");

  it("documents that a kind without a callback gets 200 and onUnhandled, and what onError hears", () => {
    expect(semantics).toMatch(
      /\*\*Kinds without a callback are acknowledged\.\*\*[\s\S]*\*\*200\*\*[\s\S]*`onUnhandled\(\{ kind, path, rawBody \}\)`/,
    );
    expect(semantics).toMatch(/\| 200 \| — \| a kind without a callback/);
    expect(semantics).toMatch(/accepted \(answered 200\) is not a failure and is not reported/);
  });

  it("documents p100 webhook send's --timeout and token refusal", () => {
    const send = section("### Sending webhooks to your receiver: `p100 webhook send`");
    expect(send).toMatch(/`--timeout`\s+seconds \(default 10\)/);
    expect(send).toMatch(/line break[\s\S]*refused\s+without being printed/);
  });
});
