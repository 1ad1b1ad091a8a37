// @ts-check
// Headless Chromium for the browser checks, from npm so that `npm ci` alone sets it up (no apt-get): the Chromium
// inside @sparticuz/chromium (unpacked into the OS temp dir on first use, reused later), driven by playwright-core,
// which never downloads a browser of its own. CHROMIUM_PATH points at another Chromium binary instead.
import { existsSync } from "node:fs";
import { chromium as playwright } from "playwright-core";

/** Flags that keep Chromium from reaching the network by itself (this machine's network is closed). */
const QUIET_FLAGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-gpu",
];

/** Launches headless Chromium: CHROMIUM_PATH when set, else the npm-shipped one. Throws a clear error when neither runs. */
export async function launchChromium() {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`CHROMIUM_PATH=${override} does not exist`);
    return playwright.launch({ executablePath: override, headless: true, args: ["--no-sandbox", ...QUIET_FLAGS] });
  }
  const { default: packaged } = await import("@sparticuz/chromium");
  const executablePath = await packaged.executablePath();
  return playwright.launch({ executablePath, headless: true, args: [...packaged.args, ...QUIET_FLAGS] });
}
