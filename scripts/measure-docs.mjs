#!/usr/bin/env node
// @ts-check
// Measures how fast the offline docs page is for a reader, in headless Chromium with the network refused:
//   - first operation: from navigation start until an operation (createUser, opened by its deep link) shows its heading;
//   - search answers: from navigation start until the search box, used as soon as it is enabled, lists a result for
//     "sepa transfer".
// Times are read inside the page (performance.now(), origin = navigation start), median of --runs (default 5), each
// in a fresh browser (the npm Chromium runs single-process: closing a context can take the browser with it). Usage: node scripts/measure-docs.mjs [page.html ...] (default: a fresh build).
// A measurement, not a test: it never fails on a slow machine; it prints numbers to compare before and after a change.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./lib/browser.mjs";
import { root } from "./lib/run.mjs";

const { values, positionals } = parseArgs({ options: { runs: { type: "string", default: "5" } }, allowPositionals: true });
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

for (const page of pages) {
    /** @type {{ firstOperation: number[], searchAnswers: number[] }} */
    const samples = { firstOperation: [], searchAnswers: [] };
    for (let run = 0; run < runs; run++) {
      samples.firstOperation.push(await firstOperation(page));
      samples.searchAnswers.push(await searchAnswers(page));
    }
    const kB = Math.round(statSync(page).size / 1024);
    console.log(
      `${page.replace(`${root}/`, "")} (${kB} kB): first operation ${summary(samples.firstOperation)}; search answers ${summary(samples.searchAnswers)} (${runs} runs)`,
    );
}

/** A tab of a fresh browser with every non-file request refused (the page must work offline). */
async function offlineTab() {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.route("**/*", (route) => (/^(file|data|blob):/.test(route.request().url()) ? route.continue() : route.abort()));
  return { context: browser, tab: await context.newPage() };
}

/**
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
 * @param {string} page
 * @returns {Promise<number>}
 */
async function searchAnswers(page) {
  const { context, tab } = await offlineTab();
  try {
    await tab.goto(pathToFileURL(page).href, { waitUntil: "commit" });
    const trigger = tab.locator("[data-testid=search-trigger]");
    await tab.waitForFunction(() => {
      const text = document.querySelector("[data-testid=search-trigger]")?.textContent ?? "";
      return text !== "" && !text.includes("Loading");
    }, undefined, { polling: "raf", timeout: 120_000 });
    await trigger.click();
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
 * "median 1234 ms (min 1100, max 1500)".
 * @param {number[]} values
 */
function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = /** @type {number} */ (sorted[Math.floor(sorted.length / 2)]);
  return `median ${Math.round(median)} ms (min ${Math.round(/** @type {number} */ (sorted[0]))}, max ${Math.round(/** @type {number} */ (sorted.at(-1)))})`;
}
