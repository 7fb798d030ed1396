import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServedApi, serveApi } from "../api/index.js";
import { runTet } from "../cli/index.js";
import { Actor, genesis, openTestLedger } from "../test-support/index.js";
import { labelSvg, passportUrl } from "./labelSvg.js";

// jsQR is CommonJS whose module.exports is the function (its types say `export default`).
const jsQR: typeof import("jsqr").default = createRequire(import.meta.url)("jsqr");
const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === "true") throw new Error(`${CHROMIUM} is missing: .ci/run installs it`);

let fx: Awaited<ReturnType<typeof openTestLedger>>;
let api: ServedApi;
let browser: Browser;
let page: Page;
let base: string;
const dir = mkdtempSync(join(tmpdir(), "tet-label-"));
const g = genesis(new Actor(), {
  name: "EV charger bay 3",
  cls: "ev-charger",
  model: "WallBox 22",
  serial: "WB22-0042",
});

beforeAll(async () => {
  fx = await openTestLedger();
  await fx.ledger.append(g.bytes);
  api = await serveApi({ ledger: fx.ledger, port: 0, rateLimit: false });
  base = `http://127.0.0.1:${api.port}`;
  if (!available) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
  page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  page.setDefaultTimeout(15_000);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.close();
  await fx?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The QR code in an image (PNG, or SVG drawn 1,000 pixels wide), read by jsQR from the RGBA pixels
 * Chromium decodes it to.
 */
async function readQr(image: Uint8Array, type = "image/png"): Promise<string | undefined> {
  await page.goto("about:blank");
  const px = await page.evaluate(
    async ({ b64, type }) => {
      const img = new Image();
      img.src = `data:${type};base64,${b64}`;
      await img.decode();
      const c = document.createElement("canvas");
      const scale = type === "image/png" ? 1 : 1000 / img.naturalWidth;
      [c.width, c.height] = [Math.round(img.naturalWidth * scale), Math.round(img.naturalHeight * scale)];
      const ctx = c.getContext("2d") as CanvasRenderingContext2D;
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, c.width, c.height);
      ctx.drawImage(img, 0, 0, c.width, c.height);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let bin = "";
      for (let i = 0; i < d.length; i += 0x8000) bin += String.fromCharCode(...d.subarray(i, i + 0x8000));
      return { w: c.width, h: c.height, rgba: btoa(bin) };
    },
    { b64: Buffer.from(image).toString("base64"), type },
  );
  const rgba = new Uint8ClampedArray(Buffer.from(px.rgba, "base64"));
  return jsQR(rgba, px.w, px.h)?.data;
}

describe("the passport URL on a label", () => {
  it("is /o/{id}, or a GS1 Digital Link path when the object has a GTIN and a serial", () => {
    expect(passportUrl("https://tet.example/", { id: g.id })).toBe(`https://tet.example/o/${g.id}`);
    expect(passportUrl("https://tet.example", { id: g.id, serial: "WB22 0042/7" })).toBe(
      `https://tet.example/o/${g.id}`,
    );
    expect(
      passportUrl("https://tet.example", { id: g.id, serial: "WB22 0042/7", gtin: "04012345000016" }),
    ).toBe("https://tet.example/01/04012345000016/21/WB22%200042%2F7");
    const svg = labelSvg(
      {
        id: g.id,
        address: "fd00::1",
        class: "ev-charger",
        owner: "x",
        genesis: 0,
        name: "A <b>",
        serial: "1",
      },
      "https://x",
    );
    expect(svg).toContain("A &#60;b&#62;"); // the signer's text is escaped
  });
});

describe.skipIf(!available)("the printable label in Chromium", () => {
  it("PNG: its QR code decodes to the passport URL, which opens the passport on a phone", async () => {
    const res = await fetch(`${base}/o/${g.id}/label.png`);
    expect(res.headers.get("content-type")).toBe("image/png");
    const url = await readQr(new Uint8Array(await res.arrayBuffer()));
    expect(url).toBe(`${base}/o/${g.id}`);
    await page.goto(url as string);
    expect(await page.locator("#title").textContent()).toBe("EV charger bay 3");
  });

  it("SVG: drawn by the browser, names the object and its id, and its QR code decodes to the same URL", async () => {
    const res = await fetch(`${base}/o/${g.id}/label.svg`);
    expect(res.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    const svg = await res.text();
    for (const text of ["EV charger bay 3", "WallBox 22", g.id.slice(0, 13), g.id.slice(13)])
      expect(svg).toContain(text);
    expect(await readQr(new TextEncoder().encode(svg), "image/svg+xml")).toBe(`${base}/o/${g.id}`);
  });

  it("tet avatar label ID --out writes the same label as PNG and as SVG", async () => {
    const err: string[] = [];
    const io = {
      stdout: () => undefined,
      stderr: (t: string) => void err.push(t),
      readStdin: async () => new Uint8Array(),
    };
    const png = join(dir, "label.png");
    expect(await runTet(["avatar", "label", g.id, "--out", png, "--api", base], io), err.join("")).toBe(0);
    expect(await readQr(new Uint8Array(readFileSync(png)))).toBe(`${base}/o/${g.id}`);
    const svg = join(dir, "label.svg");
    expect(await runTet(["avatar", "label", g.id, "--out", svg, "--api", base], io)).toBe(0);
    expect(readFileSync(svg, "utf8")).toContain("<svg");
    expect(await runTet(["avatar", "label", "nope", "--api", base], io)).toBe(2);
  });
});
