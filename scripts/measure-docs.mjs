#!/usr/bin/env node
// @ts-check
// Measures how fast the offline docs page is for a reader, in headless Chromium with the network refused:
//   - first operation: from navigation start until an operation (createUser, opened by its deep link) shows its heading;
//   - quick find ready: from navigation start until the quick find has its index and listens (its performance mark);
//   - method found: from navigation start until a search box, used as soon as it is enabled, lists the operation of
//     the SDK method `getUserBalances` for that query (the quick find when the page has one, else Redoc's search;
//     "never" when the search lists it not at all);
//   - full-text search: the same for Redoc's own search and the query "sepa transfer" (any result).
// Times are read inside the page (performance.now(), origin = navigation start), median of --runs (default 5), each
// in a fresh browser (the npm Chromium runs single-process: closing a context can take the browser with it). With
// several pages the runs alternate between them, so that a machine busy with other work slows every page alike.
// Usage: node scripts/measure-docs.mjs [page.html ...] (default: a fresh build). Compare the old page with the new
// one in ONE run (`git show <commit>:...` or a saved copy as the first page) and read the ratios.
// A measurement, not a test: it never fails on a slow machine; it prints numbers to compare before and after a change.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./lib/browser.mjs";
import { root } from "./lib/run.mjs";

const { values, positionals } = parseArgs({
  options: { runs: { type: "string", default: "5" } },
  allowPositionals: true,
});
const runs = Number(values.runs);
let pages = positionals.map((p) => resolve(p));
if (pages.length === 0) {
  const page = join(root, ".tmp", "measure", "index.html");
  const built = spawnSync(process.execPath, [join(root, "scripts", "docs.mjs"), "--out", page], { stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
  pages = [page];
}

const OPERATION = { hash: "#/user:-onboarding-and-kyc-flow/createuser", heading: "Create user account" };
const QUERY = "sepa transfer";
const METHOD = { query: "getUserBalances", title: "Get user balances" };
/** How long a search may take to list the method's operation before it counts as "never". */
const NEVER_MS = 30_000;

/** @typedef {{ firstOperation: number[], quickFindReady: number[], methodFound: number[], fullText: number[] }} Samples */
/** @type {Map<string, Samples>} */
const samples = new Map(
  pages.map((page) => [page, { firstOperation: [], quickFindReady: [], methodFound: [], fullText: [] }]),
);
for (let run = 0; run < runs; run++) {
  for (const page of pages) {
    const sample = /** @type {Samples} */ (samples.get(page));
    sample.firstOperation.push(await firstOperation(page));
    const method = await methodFound(page);
    sample.quickFindReady.push(method.ready);
    sample.methodFound.push(method.found);
    sample.fullText.push(await searchAnswers(page));
  }
}
/** @type {Record<string, number | undefined>[]} */
const medians = [];
for (const [page, sample] of samples) {
  const kB = Math.round(statSync(page).size / 1024);
  medians.push(Object.fromEntries(Object.entries(sample).map(([name, values]) => [name, median(values)])));
  console.log(
    `${page.replace(`${root}/`, "")} (${kB} kB): first operation ${summary(sample.firstOperation)}; quick find ready ${summary(sample.quickFindReady)}; ` +
      `method found ${summary(sample.methodFound)}; ` +
      `full-text search ${summary(sample.fullText)} (${runs} runs)`,
  );
}
if (medians.length > 1) {
  const [first, ...rest] =
    /** @type {[Record<string, number | undefined>, ...Record<string, number | undefined>[]]} */ (medians);
  for (const [index, other] of rest.entries()) {
    /** @param {string} name */
    const ratio = (name) => {
      const [base, value] = [first[name], other[name]];
      return base !== undefined && value !== undefined && Number.isFinite(base) && Number.isFinite(value)
        ? (value / base).toFixed(2)
        : "n/a";
    };
    console.log(
      `page ${index + 2} / page 1 (medians): first operation ${ratio("firstOperation")}, method found ${ratio("methodFound")}, full-text search ${ratio("fullText")}`,
    );
  }
}

/** A tab of a fresh browser with every non-file request refused (the page must work offline). */
async function offlineTab() {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.route("**/*", (route) =>
    /^(file|data|blob):/.test(route.request().url()) ? route.continue() : route.abort(),
  );
  return { context: browser, tab: await context.newPage() };
}

/**
 * The time the deep-linked operation shows its heading (waitForFunction resolves only on a truthy value: never false).
 * @param {string} page
 * @returns {Promise<number>}
 */
async function firstOperation(page) {
  const { context, tab } = await offlineTab();
  try {
    await tab.goto(`${pathToFileURL(page).href}${OPERATION.hash}`, { waitUntil: "commit" });
    const handle = await tab.waitForFunction(
      (heading) => {
        const shown = [...document.querySelectorAll("h1, h2")].some((h) => h.textContent?.trim() === heading);
        return shown ? performance.now() : false;
      },
      OPERATION.heading,
      { polling: "raf", timeout: 120_000 },
    );
    return /** @type {Promise<number>} */ (handle.jsonValue());
  } finally {
    await context.close();
  }
}

/**
 * Until a search lists the operation of METHOD.query (`found`): the quick find if the page has one, else Redoc's
 * search; and when the quick find was ready (`ready`, infinite without one).
 * @param {string} page
 * @returns {Promise<{ ready: number, found: number }>}
 */
async function methodFound(page) {
  const { context, tab } = await offlineTab();
  try {
    await tab.goto(pathToFileURL(page).href, { waitUntil: "commit" });
    await tab.waitForSelector("#p100-find[data-ready=true], [data-testid=search-trigger]", { timeout: 120_000 });
    if (await tab.locator("#p100-find").count()) {
      // As a reader types: focus and text go in as input events, handled whenever Redoc's start-up lets the page
      // breathe (Playwright's fill() would wait for two quiet animation frames first).
      await tab.waitForSelector("#p100-find[data-ready=true]", { timeout: 120_000 });
      await tab.focus("#p100-find-input");
      await tab.keyboard.insertText(METHOD.query);
      const handle = await tab.waitForFunction(
        (name) => (document.querySelector(`[data-p100-find-result="${name}"]`) ? performance.now() : false),
        METHOD.query,
        { polling: "raf", timeout: 120_000 },
      );
      const ready = await tab.evaluate(
        () => performance.getEntriesByName("p100-find-ready")[0]?.startTime ?? Number.POSITIVE_INFINITY,
      );
      return { ready, found: /** @type {number} */ (await handle.jsonValue()) };
    }
    await openRedocSearch(tab);
    await tab.keyboard.insertText(METHOD.query);
    const handle = await tab.waitForFunction(
      (title) =>
        [...document.querySelectorAll("[data-component-name='Search/SearchItem']")].some((item) =>
          item.textContent?.includes(title),
        )
          ? performance.now()
          : false,
      METHOD.title,
      { polling: "raf", timeout: NEVER_MS },
    );
    return { ready: Number.POSITIVE_INFINITY, found: /** @type {number} */ (await handle.jsonValue()) };
  } catch {
    return { ready: Number.POSITIVE_INFINITY, found: Number.POSITIVE_INFINITY };
  } finally {
    await context.close();
  }
}

/**
 * Waits until Redoc's search box is enabled, then opens it.
 * @param {import("playwright-core").Page} tab
 */
async function openRedocSearch(tab) {
  await tab.waitForFunction(
    () => {
      const text = document.querySelector("[data-testid=search-trigger]")?.textContent ?? "";
      return text !== "" && !text.includes("Loading");
    },
    undefined,
    { polling: "raf", timeout: 120_000 },
  );
  await tab.locator("[data-testid=search-trigger]").click();
}

/**
 * The time Redoc's search lists a first result for QUERY.
 * @param {string} page
 * @returns {Promise<number>}
 */
async function searchAnswers(page) {
  const { context, tab } = await offlineTab();
  try {
    await tab.goto(pathToFileURL(page).href, { waitUntil: "commit" });
    await openRedocSearch(tab);
    await tab.keyboard.type(QUERY);
    const handle = await tab.waitForFunction(
      () => (document.querySelector("[data-component-name='Search/SearchItem']") ? performance.now() : false),
      undefined,
      { polling: "raf", timeout: 120_000 },
    );
    return /** @type {Promise<number>} */ (handle.jsonValue());
  } finally {
    await context.close();
  }
}

/**
 * The middle value.
 * @param {number[]} values
 */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * "median 1234 ms (min 1100, max 1500)", "never" for a search that did not list the result.
 * @param {number[]} values
 */
function summary(values) {
  /** @param {number | undefined} value */
  const ms = (value) => (Number.isFinite(value) ? `${Math.round(/** @type {number} */ (value))}` : "never");
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${ms(median(values))} ms (min ${ms(sorted[0])}, max ${ms(sorted.at(-1))})`;
}
