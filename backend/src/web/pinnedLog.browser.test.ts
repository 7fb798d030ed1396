// Issue 23 item 7 in headless Chromium against a real `startBackend`: the badge must not trust the
// server for the log's key or its size. A page sees the log at 6 entries; the operator (or an
// attacker with the disk) restarts the backend on an older copy of the data directory (3 entries),
// then on another data directory with another log key. The badge refuses both, in words, and is
// green again on the real log.
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendConfig, type RunningBackend, startBackend } from "../server/index.js";
import { Actor, genesis } from "../test-support/index.js";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === "true")
  throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);

const root = mkdtempSync(join(tmpdir(), "tet-pinned-log-"));
const live = join(root, "live");
const owner = new Actor();
const g = genesis(owner, { name: "Door lock" });
let context: BrowserContext;
let page: Page;
let port = 0;

const start = (dataDir: string) =>
  startBackend(backendConfig({}, { dataDir, httpPort: port, mqttPort: 0, wsPort: 0, chain: "off" }));

/** Runs `body` with a backend on `dataDir` at the page's port, then stops it. */
async function on(dataDir: string, body: (b: RunningBackend) => Promise<void>) {
  const b = await start(dataDir);
  port = b.api.port;
  try {
    await body(b);
  } finally {
    await b.close();
  }
}

async function post(b: RunningBackend, bytes: Uint8Array): Promise<number> {
  const res = await fetch(`${b.urls.http[1]}/v1/statements`, {
    method: "POST",
    headers: { "content-type": "application/cose" },
    body: Buffer.from(bytes),
  });
  return res.status;
}

const note = (n: number) =>
  owner.sign({ v: 1, t: "event", ts: Date.now(), obj: g.obj, event: "maintenance", text: `check ${n}` });

async function badge(): Promise<{ state: string | null; code: string | null; note: string | null }> {
  await page.goto(`http://127.0.0.1:${port}/o/${g.id}`);
  await page.locator('#badge:not([data-state="pending"])').waitFor();
  return {
    state: await page.locator("#badge").getAttribute("data-state"),
    code: await page.locator("#badge").getAttribute("data-code"),
    note: await page.locator("#verification").textContent(),
  };
}

beforeAll(async () => {
  if (!available) return;
  context = await chromium.launchPersistentContext(join(root, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
}, 60_000);
afterAll(async () => {
  await context?.close();
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!available)("the badge pins the log key and the largest checkpoint it has seen", () => {
  let logKey = "";

  it("is green on the log it first sees, and shows the key and its fingerprint", async () => {
    await on(live, async (b) => {
      expect(await post(b, g.bytes)).toBe(201);
      for (let i = 0; i < 2; i++) expect(await post(b, note(i))).toBe(201);
      await b.ledger.log.checkpoint();
    });
    cpSync(live, join(root, "old"), { recursive: true }); // the copy an attacker restores later: 3 entries
    await on(live, async (b) => {
      for (let i = 2; i < 5; i++) expect(await post(b, note(i))).toBe(201);
      await b.ledger.log.checkpoint();
      logKey = b.logKey;
      expect(await badge()).toMatchObject({ state: "ok", code: null });
      expect(await page.locator("#log-key").textContent()).toBe(logKey);
      expect(await page.locator("#log-fingerprint").textContent()).toMatch(/^([0-9a-f]{4} ){3}[0-9a-f]{4}$/);
      const pin = await page.evaluate(() => localStorage.getItem("tet.log.pin"));
      expect(JSON.parse(pin as string)).toMatchObject({ did: logKey, size: 6 });
    });
  }, 60_000);

  it("goes red when the backend comes back on a rolled-back copy of its data directory (3 < 6 entries)", async () => {
    await on(join(root, "old"), async (b) => {
      expect(b.logKey).toBe(logKey); // the same key: only the size tells
      expect(await badge()).toEqual({
        state: "bad",
        code: "LOG_ROLLED_BACK",
        note: expect.stringContaining(
          "The log went back: its checkpoint has 3 entries, this browser has seen one of 6.",
        ) as string,
      });
    });
  }, 60_000);

  it("refuses a log signed by another key (another data directory serving the same avatar)", async () => {
    await on(join(root, "other"), async (b) => {
      expect(await post(b, g.bytes)).toBe(201);
      await b.ledger.log.checkpoint();
      expect(b.logKey).not.toBe(logKey);
      const r = await badge();
      expect([r.state, r.code]).toEqual(["bad", "LOG_KEY_CHANGED"]);
      expect(r.note).toContain(`signed by another key than on your first visit`);
      expect(r.note).toContain(b.logKey);
      expect(r.note).toContain(`was tet-avatars.local/log ${logKey}`);
    });
  }, 60_000);

  it("is green again on the real log, which extends what it saw", async () => {
    await on(live, async (b) => {
      expect(await post(b, note(5))).toBe(201);
      await b.ledger.log.checkpoint();
      expect(await badge()).toMatchObject({ state: "ok", code: null });
      const pin = await page.evaluate(() => localStorage.getItem("tet.log.pin"));
      expect(JSON.parse(pin as string)).toMatchObject({ did: logKey, size: 7 });
    });
  }, 60_000);
});
