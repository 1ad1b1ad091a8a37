#!/usr/bin/env node
// @ts-check
// The docs page as a reader sees it: builds it with scripts/docs.mjs, opens it from a file:// URL in headless Debian
// Chromium (driven by playwright-core, which never downloads a browser), with every network request refused, and
// checks that every operation's summary and every webhook is rendered, with its provenance line and its TypeScript
// sample (the SDK call `p100.<operationId>(`, the webhook handler registration), and that the provenance table lists
// every operationId; that the quick find lists every operation by its SDK method name and every webhook by its kind,
// each linked to its rendered section, and that Redoc's own search finds an operation by its method name.
// Screenshots go to .tmp/artifacts/ (docs.png, docs-operation.png).
// Chromium: the one shipped by the @sparticuz/chromium devDependency (`npm ci` brings it), or CHROMIUM_PATH.
// Every wait below is a condition with a generous ceiling, never a fixed pause: on a busy machine rendering is slower.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./lib/browser.mjs";
import { bundledSpec, root } from "./lib/run.mjs";
import { quickFindEntries } from "./lib/quick-find.mjs";
import { listOperations, listWebhooks } from "./lib/tables.mjs";

const page = join(root, "docs", "api", "index.html");
const built = spawnSync(process.execPath, [join(root, "scripts", "docs.mjs"), "--out", page], { stdio: "inherit" });
if (built.status !== 0) process.exit(built.status ?? 1);

const artifacts = join(root, ".tmp", "artifacts");
mkdirSync(artifacts, { recursive: true });
const spec = JSON.parse(readFileSync(bundledSpec, "utf8"));
/** @typedef {{ id: string, summary: string, tags: string[] }} Documented an operation or webhook as the page should show it */
/** @type {Documented[]} */
const operations = listOperations(spec).map(({ op }) => ({
  id: op.operationId,
  summary: op.summary,
  tags: op.tags ?? [],
}));
/** @type {Documented[]} */
const webhooks = listWebhooks(spec).map(({ name, op }) => ({
  id: name,
  summary: op.summary ?? name,
  tags: op.tags ?? [],
}));
const tags = [...new Set([...operations, ...webhooks].flatMap((o) => o.tags))];

/** @type {string[]} */
const problems = [];
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  /** @type {string[]} */
  const offline = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url)) return route.continue();
    offline.push(url);
    return route.abort();
  });
  const tab = await context.newPage();
  tab.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await tab.goto(pathToFileURL(page).href);
  await tab.waitForSelector("[data-section-id]", { timeout: 120_000 });
  await tab.screenshot({ path: join(artifacts, "docs.png") });

  // The provenance table of info.description lists every operationId.
  const intro = await tab.evaluate(
    () => document.querySelector("[data-section-id$='provenance-of-every-operation-and-webhook']")?.textContent ?? "",
  );
  const unlisted = operations.filter((o) => !intro.includes(o.id)).map((o) => o.id);
  if (!intro) problems.push("the provenance table section is not rendered");
  else if (unlisted.length > 0) problems.push(`provenance table misses: ${unlisted.join(", ")}`);

  // Operations render when their tag is opened in the sidebar, and lazily as they scroll into view: open each tag as a
  // reader would, then bring each of its operations into view and read what is rendered.
  const items = [
    ...operations.map((o) => ({ ...o, kind: "operation" })),
    ...webhooks.map((w) => ({ ...w, kind: "webhook" })),
  ];
  const done = new Set();
  /** @type {Set<string>} */
  const renderedSections = new Set();
  for (const tag of tags) {
    await tab.locator("body").getByText(tag, { exact: true }).first().click();
    const members = items.filter((o) => o.tags.includes(tag) && !done.has(o));
    const sectionIds = await tab
      .waitForFunction(
        ({ tag, expected }) => {
          const all = [...document.querySelectorAll("[data-section-id]")];
          const heading = all.find((s) => s.querySelector("h1,h2,h3")?.textContent?.trim() === tag);
          const prefix = `${heading?.getAttribute("data-section-id")}/`;
          const children = all
            .map((s) => /** @type {string} */ (s.getAttribute("data-section-id")))
            .filter((id) => id.startsWith(prefix));
          return heading && children.length >= expected ? children : false;
        },
        { tag, expected: items.filter((o) => o.tags.includes(tag)).length },
        { timeout: 60_000 },
      )
      .then((handle) => /** @type {Promise<string[]>} */ (handle.jsonValue()))
      .catch(() => []);
    for (const id of sectionIds) renderedSections.add(id);
    for (const item of members) {
      done.add(item);
      const label = item.kind === "webhook" ? `webhook ${item.id}` : item.id;
      // A webhook's section id is not documented by Redoc: find it by the "Webhook: <name>" line of its description.
      const id =
        item.kind === "operation"
          ? sectionIds.find((s) => s.endsWith(`/${item.id.toLowerCase()}`))
          : await findWebhookSection(tab, sectionIds, item.id);
      if (!id) {
        problems.push(`${label}: not rendered under tag "${tag}"`);
        continue;
      }
      const section = tab.locator(`[data-section-id="${id}"]`).first();
      await section.scrollIntoViewIfNeeded().catch(() => {});
      // Re-query on every poll: the lazy renderer replaces a placeholder element by the real one.
      /** @param {{ id: string, summary: string, sample: string }} expected */
      const read = ({ id, summary, sample }) => {
        const element = /** @type {HTMLElement | undefined} */ (
          [...document.querySelectorAll("[data-section-id]")].find((e) => e.getAttribute("data-section-id") === id)
        );
        const heading = element?.querySelector("h1,h2,h3")?.textContent?.trim() ?? "";
        const text = element?.innerText ?? "";
        return heading.includes(summary) && text.includes("Provenance:") && text.includes(sample)
          ? { heading, text }
          : false;
      };
      const sample = item.kind === "webhook" ? `${item.id}: async (payload` : `p100.${item.id}(`;
      const seen = await tab
        .waitForFunction(read, { id, summary: item.summary, sample }, { timeout: 30_000 })
        .then((handle) => /** @type {Promise<{ heading: string, text: string }>} */ (handle.jsonValue()))
        .catch(() =>
          tab.evaluate(
            ({ id }) => {
              const element = /** @type {HTMLElement | undefined} */ (
                [...document.querySelectorAll("[data-section-id]")].find(
                  (e) => e.getAttribute("data-section-id") === id,
                )
              );
              return {
                heading: element?.querySelector("h1,h2,h3")?.textContent?.trim() ?? "",
                text: element?.innerText ?? "",
              };
            },
            { id },
          ),
        );
      if (!seen.heading.includes(item.summary))
        problems.push(`${label}: heading "${seen.heading}" is not its summary "${item.summary}"`);
      else if (!/Provenance: (confirmed|older-docs|inferred)/.test(seen.text))
        problems.push(`${label}: no provenance line rendered`);
      else if (item.kind === "webhook" && !seen.text.includes(item.id))
        problems.push(`${label}: its name is not rendered`);
      else if (!seen.text.includes(sample)) problems.push(`${label}: no TypeScript sample "${sample}" rendered`);
    }
  }
  for (const item of items.filter((o) => !done.has(o)))
    problems.push(`${item.kind} ${item.id}: has no tag, so it is not in the sidebar`);

  await checkQuickFind(tab, renderedSections);
  await checkRedocSearchByMethod(
    tab,
    /** @type {Documented} */ (operations.find((o) => o.id === "createUserCryptoWithdrawal") ?? operations[0]),
  );

  // A second screenshot with an operation open, provenance line included.
  const first = operations.find((o) => o.id === "createUser") ?? operations[0];
  if (first?.tags[0]) {
    await tab.locator("body").getByText(first.tags[0], { exact: true }).first().click();
    const target = tab.locator(`[data-section-id$="/${first.id.toLowerCase()}"]`).first();
    await target.scrollIntoViewIfNeeded().catch(() => {});
    await tab.screenshot({ path: join(artifacts, "docs-operation.png") });
  }
  if (offline.length > 0) problems.push(`the page tried to load from the network: ${[...new Set(offline)].join(", ")}`);
  console.log(
    `docs page in Chromium: ${operations.length} operations and ${webhooks.length} webhooks (the spec has ${webhooks.length}) checked across ${tags.length} tags; ` +
      `screenshots in .tmp/artifacts/`,
  );
} finally {
  await browser.close();
}
/**
 * The quick find answers every operation's method name and every webhook's kind with that entry first, linked to a
 * section the page rendered; a title finds its operation too.
 * @param {import("playwright-core").Page} tab
 * @param {Set<string>} renderedSections
 */
async function checkQuickFind(tab, renderedSections) {
  const input = tab.locator("#p100-find-input");
  if ((await input.count()) === 0) {
    problems.push("the quick find (#p100-find-input) is not on the page");
    return;
  }
  /** @param {string} query */
  const firstResult = async (query) => {
    await input.fill(query);
    return tab.evaluate(() => {
      const link = document.querySelector("#p100-find-results [data-p100-find-result]");
      // Every result is a link the page script gave an href (scripts/lib/quick-find-page.js).
      return link
        ? { name: link.getAttribute("data-p100-find-result"), href: /** @type {string} */ (link.getAttribute("href")) }
        : null;
    });
  };
  for (const entry of quickFindEntries(spec)) {
    const found = await firstResult(entry.name);
    if (found?.name !== entry.name)
      problems.push(`quick find "${entry.name}": first result is ${found?.name ?? "nothing"}`);
    else if (!renderedSections.has(found.href.replace(/^#/, "")))
      problems.push(`quick find "${entry.name}": ${found.href} is no rendered section`);
  }
  const byTitle = await firstResult("get user balances");
  if (byTitle?.name !== "getUserBalances")
    problems.push(`quick find "get user balances": first result is ${byTitle?.name ?? "nothing"}`);
  await input.fill("");
}

/**
 * Redoc's full-text search lists an operation when asked for its SDK method name.
 * @param {import("playwright-core").Page} tab
 * @param {Documented} operation
 */
async function checkRedocSearchByMethod(tab, operation) {
  await tab.waitForFunction(
    () => !(document.querySelector("[data-testid=search-trigger]")?.textContent ?? "Loading").includes("Loading"),
    undefined,
    {
      timeout: 60_000,
    },
  );
  await tab.locator("[data-testid=search-trigger]").click();
  await tab.keyboard.type(operation.id);
  const listed = await tab
    .waitForFunction(
      (summary) =>
        [...document.querySelectorAll("[data-component-name='Search/SearchItem']")].some((item) =>
          item.textContent?.includes(summary),
        ),
      operation.summary,
      { timeout: 30_000 },
    )
    .then(() => true)
    .catch(() => false);
  if (!listed) problems.push(`Redoc's search for "${operation.id}" does not list the operation "${operation.summary}"`);
  await tab.keyboard.press("Escape");
}

/**
 * The section (among a tag's sections) whose text holds "Webhook: <name>".
 * @param {import("playwright-core").Page} tab
 * @param {string[]} sectionIds
 * @param {string} name
 * @returns {Promise<string | undefined>}
 */
async function findWebhookSection(tab, sectionIds, name) {
  for (const id of sectionIds) {
    const section = tab.locator(`[data-section-id="${id}"]`).first();
    await section.scrollIntoViewIfNeeded().catch(() => {});
    // The lazy renderer swaps a placeholder for the real section: wait for its rendered heading before reading it.
    const text = await tab
      .waitForFunction(
        (id) => {
          const element = [...document.querySelectorAll("[data-section-id]")].find(
            (e) => e.getAttribute("data-section-id") === id,
          );
          return element?.querySelector("h1,h2,h3") && element.textContent.includes("Provenance:")
            ? element.textContent
            : false;
        },
        id,
        { timeout: 30_000 },
      )
      .then((handle) => /** @type {Promise<string>} */ (handle.jsonValue()))
      .catch(() => "");
    if (text.includes(`Webhook: ${name}`)) return id;
  }
  return undefined;
}

if (problems.length > 0) {
  console.error(`docs browser check failed:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log("docs browser check passed");
