import type { Browser } from "playwright-core";
/** Launches headless Chromium: CHROMIUM_PATH when set, else the npm-shipped one. Throws a clear error when neither runs. */
export function launchChromium(): Promise<Browser>;
