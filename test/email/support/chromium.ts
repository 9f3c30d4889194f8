// Debian's Chromium driven by playwright-core (no browser download): the reset form is tested
// in a real browser, with its CSP, its script and its fetch to the API.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { ROOT } from "../../support/prisma-clients.js";

export const ARTIFACTS = path.join(ROOT, "test/artifacts");

export async function launchChromium(): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
