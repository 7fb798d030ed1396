import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seriousViolations } from "@tet/backend/test-support";
import { type ChainClients, type Deployment, readReserve } from "@tet/contracts";
import { type Browser, chromium, type Page } from "playwright-core";
import { createPublicClient, http } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "./support/index.js";

// `npm start` as a new user sees it: the demo's story told through the project's own commands
// while the three avatars' pages are open in Chromium — each step appears on its page live, values
// are shown at their resolution with units as people write them, the agent's own readings stay off
// the state, every page passes axe-core and fits a phone. TET_SCREENSHOTS=DIR keeps a screenshot of
// each page, desktop and phone.
const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === "true") throw new Error(`${CHROMIUM} is missing: .ci/run installs it`);
const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "tet-demo-story-"));
const go = join(dir, "go");
const shots = process.env.TET_SCREENSHOTS;
const REPORT = join(root, "scripts/demo/pool-probe-service-report.pdf");
let system: ChildProcess | undefined;
let output = "";
let browser: Browser;
const pages = new Map<string, Page>();
let api = "";
const ids = new Map<string, string>();
const cspViolations: string[] = [];

beforeAll(async () => {
  if (!available) return;
  system = spawn(process.execPath, [join(root, "scripts/start.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      TET_DATA: join(dir, "data"),
      TET_HTTP_PORT: "0",
      TET_MQTT_PORT: "0",
      TET_WS_PORT: "0",
      TET_DEMO_PACE: "1500",
      TET_DEMO_GO: go,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  system.stdout?.on("data", (c) => {
    output += c;
  });
  system.stderr?.on("data", (c) => {
    output += c;
  });
  await until(() => output.includes("Press Ctrl-C to stop."), "the start banner", {
    ms: 120_000,
    everyMs: 200,
  }).catch((e) => {
    throw new Error(`${(e as Error).message}; npm start printed:\n${output.slice(-3000)}`);
  });
  api = /web UI and API\s+\S+\s+(\S+)/.exec(output)?.[1] ?? ""; // the IPv4 one
  for (const m of output.matchAll(/^\s+(desk-1|pool-1|charger-1)\s+([a-z2-7]{26})/gm))
    ids.set(m[1] as string, m[2] as string);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
  for (const [name, id] of ids) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(30_000);
    page.on("console", (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.goto(`${api}/o/${id}`);
    await page.locator('#chart[data-loaded="hour:live"]').waitFor({ state: "attached" });
    pages.set(name, page);
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (system && system.exitCode === null) {
    const exited = new Promise((r) => system?.once("exit", r));
    system.kill("SIGINT");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const page = (name: string) => pages.get(name) as Page;
const text = async (p: Page, selector: string) => (await p.locator(selector).textContent()) ?? "";

describe.skipIf(!available)("the demo story on the avatars' pages (npm start, Chromium)", () => {
  it("shows nothing of the story before it begins", async () => {
    expect(await text(page("charger-1"), "#warranties")).toContain("no warranties");
    expect(await text(page("pool-1"), "#documents")).toContain("no documents");
    expect(await page("desk-1").locator("#owners tbody tr").count()).toBe(1);
  });

  it("then each step appears live, without a reload", { timeout: 300_000 }, async () => {
    writeFileSync(go, "");
    const charger = page("charger-1");
    const pool = page("pool-1");
    const desk = page("desk-1");
    // 1. The manufacturer's warranty on the charger.
    await charger
      .locator("#warranties tr", { hasText: "WB22-2Y" })
      .locator('[data-status="active"]')
      .waitFor();
    // 2. The technician's maintenance event on the pool probe, citing the service report, whose
    //    SHA-256 on the page is the shipped PDF's.
    const sha = createHash("sha256").update(readFileSync(REPORT)).digest("hex");
    const doc = pool.locator("#documents tr", { hasText: "Service report SR-2026-0412" });
    await doc.waitFor();
    expect(await doc.locator("[title]").first().getAttribute("title")).toBe(sha);
    expect(await doc.textContent()).toContain("application/pdf");
    const event = pool.locator("#events tr", { hasText: "maintenance" });
    await event.waitFor();
    expect(await event.textContent()).toContain("evidence: Service report SR-2026-0412");
    // 3. The desk's new owner.
    await desk.locator("#owners tbody tr", { hasText: "transfer" }).waitFor();
    expect(await desk.locator("#owners tbody tr").count()).toBe(2);
    // 4. The paid session: metered, paid by vouchers, settled on chain, all on the charger's page.
    const session = charger.locator("#sessions tbody tr", { hasText: "car-" });
    await session.locator('[data-status="settled"]').waitFor({ timeout: 240_000 });
    expect(await session.textContent()).toMatch(/\d\.\d{1,3} kWh/);
    const settled = charger.locator("#settlements tbody tr", { hasText: "car-" });
    await settled.waitFor({ timeout: 60_000 });
    // Paid, fee, and the whole transaction hash with its block and the channel.
    expect(await settled.textContent()).toMatch(
      /0\.\d+ TET.*0\.000\d+ TET.*0x[0-9a-f]{64}block \d+ · channel \d+$/,
    );
    expect(await text(charger, "#billing-total")).toMatch(
      /^1 settled session: 0\.\d+ TET paid to the provider on chain, 0\.\d+ TET in fees\.$/,
    );
    expect(await text(charger, "#tariffs")).toContain("0.35 TET per kWh");
    // 5. The warranty claim, accepted by the manufacturer.
    await charger.locator("#warranties").locator('[data-status="accepted"]').waitFor({ timeout: 60_000 });
    expect(await text(charger, "#warranties")).toContain("Cable assembly replaced under warranty");
    await until(() => output.includes("story: told"), "the story's end", { ms: 30_000 });
    expect(output).not.toMatch(/story: .*failed/);
  });

  it("shows values at their resolution with units as people write them, the agent's own on a health line", async () => {
    const pool = page("pool-1");
    const tile = (name: string) => pool.locator(`.reading[data-reading="${name}"] b`);
    await tile("ph").waitFor();
    expect(await tile("ph").textContent()).toMatch(/^\d\.\d{2}$/);
    expect(await tile("temperature").textContent()).toMatch(/^\d{2}\.\d$/);
    expect(await pool.locator('.reading[data-reading="temperature"]').textContent()).toContain("°C");
    expect(await pool.locator('.reading[data-reading^="agent."]').count()).toBe(0);
    expect(await pool.locator('svg.chart[data-series^="agent."]').count()).toBe(0);
    expect(await text(pool, "#health")).toMatch(/^Device health: Outbox \d+ · last signed report/);
    const energy = page("charger-1").locator('.reading[data-reading="energy"]');
    expect(await energy.locator("b").textContent()).toMatch(/^1,000\.\d{3}$/); // the kWh register at 0.001
    for (const label of await pool.locator("svg.chart text").allTextContents())
      expect(label).not.toMatch(/\d\.\d{7,}/); // no float noise on any axis
  });

  it("runs the economy: the oracle keeps EUR and USD fresh, the custodian attested the driver's bank transfer once", async () => {
    const url = (name: string) => new RegExp(`^\\s+${name}\\s+(\\S+)`, "m").exec(output)?.[1] ?? "";
    const status = await (await fetch(`${url("oracle")}/v1/oracle/status`)).json();
    expect(status.funds.map((f: { currency: string; state: string }) => [f.currency, f.state])).toEqual([
      ["EUR", "fresh"],
      ["USD", "fresh"],
    ]);
    const journal = (await (await fetch(`${url("custodian")}/v1/custodian/journal`)).json()).entries as {
      kind: string;
      body: { bankRef?: string; ref: string };
    }[];
    const imported = journal.filter(
      (e) => e.kind === "credit.imported" && e.body.bankRef?.startsWith("DEMO-CAR-"),
    );
    expect(imported).toHaveLength(1);
    const ref = imported[0]?.body.ref;
    expect(journal.filter((e) => e.kind === "credit.attested" && e.body.ref === ref)).toHaveLength(1);
    expect(output).toMatch(
      /story: the custodian attested the driver's bank transfer of 100\.00 RUB \(tx 0x[0-9a-f]{64}\)/,
    );
  });

  it("shows the demo's reserve as the chain has it at the block the page names, and the driver's wallet", async () => {
    const rpc = /chain \(Anvil\)\s+(\S+)/.exec(output)?.[1] ?? "";
    const d = JSON.parse(readFileSync(join(dir, "data", "chain", "deployment.json"), "utf8")) as Deployment;
    const chain = { public: createPublicClient({ transport: http(rpc) }) } as Pick<ChainClients, "public">;
    const p = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await p.goto(`${api}/reserve`);
    await p.locator('body[data-state="ok"]').waitFor({ state: "attached" });
    const block = BigInt((await p.locator("body").getAttribute("data-block")) as string);
    const v = await readReserve(chain, d, { blockNumber: block });
    const wei = (k: string) => p.locator(`#totals [data-k="${k}"]`).getAttribute("data-wei");
    expect([await wei("circulating"), await wei("backing")]).toEqual([
      v.circulating.toString(),
      v.backing.toString(),
    ]);
    expect(
      await p.locator("[data-fund]").evaluateAll((fs) => fs.map((f) => f.getAttribute("data-fund"))),
    ).toEqual(["RUB", "EUR", "USD"]);
    expect(await p.locator('#alerts [data-code="HEALTHY"]').count()).toBe(1); // the oracle keeps EUR and USD fresh
    expect(await seriousViolations(p)).toEqual([]);
    expect(
      await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await p.goto(`${api}/wallet`);
    await p.locator('body[data-state="ok"]').waitFor({ state: "attached" });
    expect(await p.locator("#account").textContent()).toBe("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"); // the driver
    expect(await p.locator("#history-rows").textContent()).toContain("bought TET");
    expect(await seriousViolations(p)).toEqual([]);
    if (shots) await p.screenshot({ path: join(shots, "wallet-phone.png"), fullPage: true });
    await p.close();
  });

  it("passes axe-core, fits a phone, verifies, and breaks no Content-Security-Policy rule", async () => {
    for (const [name, p] of pages) {
      await p.locator('#badge[data-state="ok"]').waitFor();
      expect(await seriousViolations(p), `${name} (desktop)`).toEqual([]);
      if (shots) {
        mkdirSync(shots, { recursive: true });
        await p.screenshot({ path: join(shots, `${name}-desktop.png`), fullPage: true });
      }
      await p.setViewportSize({ width: 390, height: 844 });
      await p.waitForFunction(() => {
        const svg = document.querySelector("#chart svg"); // redrawn at the phone's width (or no chart)
        return !svg || Number(svg.getAttribute("viewBox")?.split(" ")[2]) < 500;
      });
      expect(
        await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        name,
      ).toBeLessThanOrEqual(0);
      expect(await seriousViolations(p), `${name} (phone)`).toEqual([]);
      // Tables become labelled blocks on a phone: a cell is as wide as its card, its column named.
      const cell = p.locator('#owners td[data-label="owner"]').first();
      expect(await cell.evaluate((td) => getComputedStyle(td).display), name).toBe("block");
      if (shots) await p.screenshot({ path: join(shots, `${name}-phone.png`), fullPage: true });
    }
    expect(cspViolations).toEqual([]);
  });
});
