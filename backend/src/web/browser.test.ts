import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CborValue, decodeStrict, encode } from "@tet/schemas";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServedApi, serveApi } from "../api/index.js";
import { Actor, Device, genesis, openTestLedger } from "../test-support/index.js";
import { seriousViolations } from "./axeAudit.js";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === "true")
  throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);

let fx: Awaited<ReturnType<typeof openTestLedger>>;
let api: ServedApi;
let context: BrowserContext;
let page: Page;
let base: string;
/** Console lines about the Content-Security-Policy: the page must not need anything it forbids. */
const cspViolations: string[] = [];
const profile = mkdtempSync(join(tmpdir(), "tet-chromium-"));
const owner = new Actor();
const device = new Device();
const g = genesis(owner, {
  devices: [device],
  name: "Meeting room sensor",
  cls: "climate-sensor",
  model: "CS-1",
});
const stream = async (n: number) => {
  for (let i = 0; i < n; i++)
    await fx.ledger.append(
      device.state(g.obj, {
        temperature: { v: 20 + Math.sin(device.seq) * 3, u: "Cel" },
        humidity: { v: 40 + device.seq, u: "%RH" },
      }),
    );
};

beforeAll(async () => {
  if (!available) return;
  fx = await openTestLedger();
  api = await serveApi({ ledger: fx.ledger, port: 0, rateLimit: false });
  base = `http://127.0.0.1:${api.port}`;
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 390, height: 844 },
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
  page = await context.newPage();
  page.on("pageerror", (e) => console.error("pageerror", e));
  page.on("console", (m) => {
    if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  page.setDefaultTimeout(10_000);
}, 60_000);
afterAll(async () => {
  await context?.close();
  await api?.close();
  await fx?.close();
  rmSync(profile, { recursive: true, force: true });
});

describe.skipIf(!available)("the web page in headless Chromium", () => {
  it("creates an object, streams state to it, and shows the passport with a filling chart and a green badge", async () => {
    const res = await fetch(`${base}/v1/statements`, {
      method: "POST",
      body: g.bytes as Uint8Array<ArrayBuffer>,
      headers: { "content-type": "application/cose" },
    });
    expect(res.status).toBe(201);
    await stream(5);
    await page.goto(`${base}/o/${g.id}`);
    await page.locator('svg.chart[data-series="temperature"][data-points="5"]').waitFor();
    await page.locator('#badge[data-state="ok"]').waitFor();
    expect(await page.locator("#title").textContent()).toBe("Meeting room sensor");
    await stream(4);
    await page.locator('svg.chart[data-series="temperature"][data-points="9"]').waitFor();
    await page.locator('svg.chart[data-series="humidity"][data-points="9"]').waitFor();
    expect(await page.locator(".reading").filter({ hasText: "humidity" }).locator("b").textContent()).toBe(
      "48",
    ); // 40 + seq before the 9th statement
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0); // usable on a phone: no sideways scrolling at 390 px
    expect(cspViolations).toEqual([]); // styles, script, fetches and SSE all within the policy
  });

  it("is served with the security headers, and links no javascript: document URI", async () => {
    const res = await page.goto(`${base}/o/${g.id}`);
    const h = (await res?.allHeaders()) ?? {};
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"]).toContain("script-src 'self'");
    expect([h["x-content-type-options"], h["x-frame-options"], h["referrer-policy"]]).toEqual([
      "nosniff",
      "DENY",
      "no-referrer",
    ]);
    // The passport as a hostile signer could make it: a document whose uri is code.
    await page.route(`**/v1/objects/${g.id}`, async (route) => {
      const p = (await (await route.fetch()).json()) as { documents: unknown[] };
      const doc = (uri: string, title: string) => ({
        title,
        mediaType: "text/html",
        uri,
        hash: "00",
        index: 1,
      });
      p.documents = [
        doc("javascript:document.title='pwned'", "evil"),
        doc("JaVaScRiPt:alert(1)", "evil 2"),
        doc("https://example.org/manual.pdf", "manual"),
      ];
      await route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(p) });
    });
    await page.reload();
    await page.locator("#documents [data-unlinked]").nth(1).waitFor();
    const hrefs = await page
      .locator("#documents a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(["https://example.org/manual.pdf"]);
    expect(await page.locator("#documents [data-unlinked]").first().textContent()).toBe(
      "javascript:document.title='pwned'",
    );
    await page.unroute(`**/v1/objects/${g.id}`);
    expect(cspViolations).toEqual([]);
  });

  it("shows a red badge with the defect's code for a tampered bundle", async () => {
    await page.route(`**/v1/objects/${g.id}/bundle`, async (route) => {
      const original = new Uint8Array(await (await route.fetch()).body());
      const m = decodeStrict(original, { maxBytes: 1 << 24, tags: [] }) as Map<string, CborValue>;
      const entry = (m.get("entries") as Map<string, CborValue>[])[2] as Map<string, CborValue>;
      const s = new Uint8Array(entry.get("statement") as Uint8Array);
      s[s.length - 1] = (s[s.length - 1] as number) ^ 0x40;
      entry.set("statement", s);
      await route.fulfill({ status: 200, contentType: "application/cbor", body: Buffer.from(encode(m)) });
    });
    await page.reload();
    await page.locator('#badge[data-state="bad"]').waitFor();
    expect(await page.locator("#badge").getAttribute("data-code")).toBe("BUNDLE_BAD_SIGNATURE");
    await page.unroute(`**/v1/objects/${g.id}/bundle`);
  });

  it("renders the API reference at /v1/docs from the OpenAPI document (Swagger UI from npm), and Try it out calls the API", async () => {
    const doc = (await (await fetch(`${base}/v1/openapi.json`)).json()) as { paths: Record<string, object> };
    const operations = Object.values(doc.paths).reduce((n, m) => n + Object.keys(m).length, 0);
    await page.goto(`${base}/v1/docs`);
    await page
      .locator(".opblock")
      .nth(operations - 1)
      .waitFor();
    expect(await page.locator(".opblock").count()).toBe(operations);
    expect(await page.locator(".info .title").textContent()).toContain("TET Avatars passport API");
    const list = page.locator(".opblock-get").filter({ has: page.locator('[data-path="/v1/objects"]') });
    await list.locator(".opblock-summary").click();
    await list.locator(".try-out__btn").click();
    await list.locator(".execute").click();
    await list.locator(".responses-table .response-col_status").filter({ hasText: "200" }).first().waitFor();
    expect(await list.locator(".highlight-code").first().textContent()).toContain(g.id);
    expect(cspViolations).toEqual([]); // its bundle, stylesheet and start script are all from this origin
  });

  it("passes axe-core on every page, phone-sized (and the audit does catch a real violation)", async () => {
    for (const path of ["/", `/o/${g.id}`, "/v1/docs"]) {
      await page.goto(`${base}${path}`);
      await page
        .locator(path === "/v1/docs" ? ".opblock" : "main")
        .first()
        .waitFor();
      if (path !== "/v1/docs")
        await page
          .locator(path === "/" ? "#objects li" : '#badge[data-state="ok"]')
          .first()
          .waitFor();
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await page.evaluate(() => {
      const img = document.createElement("img"); // an image without a text alternative: WCAG 1.1.1
      img.src = "/favicon.ico";
      document.body.append(img);
    });
    expect((await seriousViolations(page)).map((v) => v.id)).toContain("image-alt");
  });

  it("lists and searches avatars", async () => {
    await fx.ledger.append(genesis(new Actor(), { name: "Sauna 2", cls: "sauna" }).bytes);
    await page.goto(`${base}/`);
    await page.locator("#objects li").nth(1).waitFor();
    await page.locator("#q").fill("sauna");
    await page.locator("#objects li").filter({ hasText: "Sauna 2" }).waitFor();
    await expect.poll(() => page.locator("#objects li").count()).toBe(1);
  });
});
