// @ts-check
// The docs page's quick find: a search box above Redoc that finds every operation by its SDK method name
// (`getUserBalances`), its title or its path, and every webhook by its kind, and opens it. Redoc's own search indexes
// the full text, but only once Redoc has started (seconds on a busy machine); this one is plain HTML and a small
// script placed before Redoc, so it answers as soon as the page is parsed. scripts/docs.mjs inserts it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./run.mjs";
import { listOperations, listWebhooks } from "./tables.mjs";

/**
 * Redoc's link slug of a tag: lower case, "&" as "and", spaces as "-" (checked against the page by quickFindHtml).
 * @param {string} tag
 */
function tagSlug(tag) {
  return tag.toLowerCase().replaceAll("&", "and").replace(/\s+/g, "-");
}

/**
 * @typedef {object} QuickFindEntry
 * @property {string} name the SDK method name of an operation, the kind of a webhook
 * @property {string} call
 * @property {string} title
 * @property {string} method
 * @property {string} path
 * @property {string} href
 */

/**
 * One entry per operation and webhook: the SDK name, how it is called, its title, method, path and deep link.
 * @param {any} spec
 * @returns {QuickFindEntry[]}
 */
export function quickFindEntries(spec) {
  /** @param {any} op */
  const link = (op) => `#/${tagSlug(op.tags?.[0] ?? "")}/${String(op.operationId).toLowerCase()}`;
  const operations = listOperations(spec).map(({ path, method, op }) => ({
    name: op.operationId,
    call: `p100.${op.operationId}()`,
    title: op.summary ?? op.operationId,
    method: method.toUpperCase(),
    path,
    href: link(op),
  }));
  const webhooks = listWebhooks(spec).map(({ name, op }) => ({
    name,
    call: `on.${name}`,
    title: `${op.summary ?? name} (webhook)`,
    method: "",
    path: "",
    href: link(op),
  }));
  return [...operations, ...webhooks];
}

/**
 * JSON that cannot end the script element it sits in.
 * @param {unknown} value
 */
function scriptJson(value) {
  return JSON.stringify(value).replaceAll("<", "\\u003c");
}

const STYLE = `<style>
#p100-find{position:relative;box-sizing:border-box;padding:10px 16px;border-bottom:1px solid #e3e3e3;background:#fafafa;font:14px/1.4 system-ui,sans-serif}
#p100-find label{margin-right:8px;color:#444}
#p100-find input{width:min(420px,60vw);padding:6px 10px;border:1px solid #bbb;border-radius:6px;font:inherit}
#p100-find ul{position:absolute;z-index:1000;left:16px;top:100%;margin:0;padding:4px 0;list-style:none;width:min(720px,92vw);max-height:60vh;overflow:auto;background:#fff;border:1px solid #ccc;border-radius:6px;box-shadow:0 6px 20px rgba(0,0,0,.15)}
#p100-find li a{display:flex;gap:10px;padding:6px 12px;color:#222;text-decoration:none}
#p100-find li[aria-selected=true] a,#p100-find li a:hover{background:#eef3ff}
#p100-find li code{font:13px ui-monospace,monospace;color:#0b4fb3}
#p100-find .p100-find-none{padding:6px 12px;color:#666}
:root.dark #p100-find{background:#1f1f1f;border-color:#333}:root.dark #p100-find label{color:#ccc}
:root.dark #p100-find ul{background:#222;border-color:#444}:root.dark #p100-find li a{color:#ddd}
:root.dark #p100-find li[aria-selected=true] a,:root.dark #p100-find li a:hover{background:#2c3550}
</style>`;

/**
 * The quick find's markup, style, index and script, to insert before Redoc's root element. Throws when the page has
 * no link for a tag the entries point to (Redoc's slugs changed), so a broken quick find never ships.
 * @param {any} spec
 * @param {string} page the HTML of the docs page
 */
export function quickFindHtml(spec, page) {
  const entries = quickFindEntries(spec);
  const slugs = new Set(entries.map((entry) => entry.href.split("/")[1]));
  const missing = [...slugs].filter((slug) => !page.includes(`href="/${slug}"`));
  if (missing.length > 0)
    throw new Error(`the docs page has no link for the tags ${missing.join(", ")}: Redoc's slugs changed`);
  const script = readFileSync(join(root, "scripts", "lib", "quick-find-page.js"), "utf8");
  return [
    STYLE,
    `<div id="p100-find" role="search">`,
    `<label for="p100-find-input">Find an SDK method, webhook or operation</label>`,
    `<input id="p100-find-input" type="search" placeholder="getUserBalances, cryptoDeposit, sepa transfer..." autocomplete="off" role="combobox" aria-controls="p100-find-results" aria-expanded="false" disabled>`,
    `<ul id="p100-find-results" role="listbox" hidden></ul>`,
    `</div>`,
    `<script type="application/json" id="p100-find-index">${scriptJson(entries)}</script>`,
    `<script>${script}</script>`,
  ].join("\n");
}
