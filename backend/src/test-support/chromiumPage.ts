import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's chromium, which CI installs; browser tests skip without it outside CI. */
export const CHROMIUM = "/usr/bin/chromium";
export const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable && process.env.CI === "true")
  throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);

/** A headless Chromium and the Content-Security-Policy complaints of every page it opened. */
export interface TestBrowser {
  browser: Browser;
  cspViolations: string[];
  /** A new page at `width` × 900 (390: a phone), page errors on the console. */
  page(width?: number): Promise<Page>;
  close(): Promise<void>;
}

/** Launches Debian's chromium headless, as the web tests do. */
export async function launchTestBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
  });
  const cspViolations: string[] = [];
  return {
    browser,
    cspViolations,
    page: async (width = 1280) => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      page.setDefaultTimeout(20_000);
      page.on("pageerror", (e) => console.error("pageerror", e));
      page.on("console", (m) => {
        if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
      });
      return page;
    },
    close: () => browser.close(),
  };
}

/** How far a page scrolls sideways (≤ 0: it fits its viewport). */
export const sidewaysOverflow = (page: Page): Promise<number> =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** TET_SCREENSHOTS=DIR keeps a full-page screenshot `DIR/name.png` (looked at by eye, not compared). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.TET_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
