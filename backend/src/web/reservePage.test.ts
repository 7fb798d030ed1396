import { depositToken, readReserve, reserveAbi, setRate, transact } from "@tet/contracts";
import type { Page } from "playwright-core";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReserveReport } from "../economy/index.js";
import type { Problem } from "../errors/index.js";
import {
  chromiumAvailable,
  depositFor,
  type EconomyChain,
  type EconomyWeb,
  listTestStablecoin,
  openTestLedger,
  screenshot,
  serveEconomyWeb,
  sidewaysOverflow,
  startEconomyChain,
  type TestBrowser,
  wad,
} from "../test-support/index.js";
import { seriousViolations } from "./axeAudit.js";
import { formatTet } from "./client/index.js";

// The proof-of-reserves page against a real reserve on Anvil: RUB (the peg), USD (attested, 20 %
// buffer) and a test stablecoin (an ERC-20 fund held by the contract). What the page shows is
// compared with the contract's own views at the block the page names.
let c: EconomyChain;
let web: EconomyWeb;
let fx: Awaited<ReturnType<typeof openTestLedger>>;
let base: string;
let b: TestBrowser;
let stable: Address;
let refusals: Problem[] = [];
const holder = () => c.sender.wallet.account.address;
const attested = (currency: string, amount: bigint) => depositFor(c, { currency, amount, buyer: holder() });

beforeAll(async () => {
  if (!chromiumAvailable) return;
  c = await startEconomyChain({});
  stable = await listTestStablecoin(c, { mint: 50_000_000n });
  await attested("RUB", 100_000n); // 1,000.00 RUB
  await attested("USD", 10_000n); // 100.00 USD at 90 RUB
  await depositToken(c.sender, c.d, { token: stable, amount: 25_000_000n }); // 25 tUSD at 90
  fx = await openTestLedger();
  web = await serveEconomyWeb(c, fx.ledger);
  base = web.base;
  b = web.browser;
  refusals = web.refusals;
}, 120_000);
afterAll(async () => {
  await web?.close();
  await fx?.close();
  await c?.anvil.stop();
});

/** Opens /reserve (at `query`) and waits until it has read the chain; returns the block it names. */
async function open(page: Page, query = ""): Promise<bigint> {
  await page.goto(`${base}/reserve${query}`);
  await page.locator('body[data-state="ok"]').waitFor({ state: "attached" });
  return BigInt((await page.locator("body").getAttribute("data-block")) as string);
}

/** Every number the page shows, by what it is, from the `data-` attributes beside the text. */
async function shown(page: Page) {
  return page.evaluate(() => {
    const attr = (el: Element | null, a: string) => el?.getAttribute(a) ?? null;
    const totals = Object.fromEntries(
      Array.from(document.querySelectorAll("#totals [data-k]")).map((e) => [
        e.getAttribute("data-k"),
        [e.getAttribute("data-wei"), e.textContent],
      ]),
    );
    const funds = Array.from(document.querySelectorAll("[data-fund]")).map((f) => ({
      currency: f.getAttribute("data-fund"),
      amount: attr(f.querySelector('[data-k="amount"]'), "data-units"),
      rate: attr(f.querySelector('[data-k="rate"]'), "data-wei"),
      value: attr(f.querySelector('[data-k="value"]'), "data-wei"),
      valueText: f.querySelector('[data-k="value"]')?.textContent,
      buffer: attr(f.querySelector('[data-k="buffer"]'), "data-wei"),
      custody: attr(f.querySelector('[data-k="custody"]'), "data-units"),
      stale: f.classList.contains("stale"),
    }));
    const alerts = Array.from(document.querySelectorAll("#alerts li")).map((l) =>
      l.getAttribute("data-code"),
    );
    const holds = Array.from(document.querySelectorAll(".equation")).map((e) => e.getAttribute("data-holds"));
    return {
      totals,
      funds,
      alerts,
      holds,
      points: document.querySelector("svg.chart")?.getAttribute("data-points"),
    };
  });
}

const custodyAt = (fund: `0x${string}`, blockNumber: bigint) =>
  c.admin.public.readContract({
    address: c.d.reserve,
    abi: reserveAbi,
    functionName: "custodyOf",
    args: [fund],
    blockNumber,
  });

describe.skipIf(!chromiumAvailable)("the proof-of-reserves page in Chromium", () => {
  it("shows the numbers of the contract's views at the block it names, the invariant holding", async () => {
    const page = await b.page(1280);
    const block = await open(page);
    const v = await readReserve(c.admin, c.d, { blockNumber: block });
    const s = await shown(page);
    for (const k of ["circulating", "frozen", "deficit", "buffers", "backing", "totalSupply"] as const)
      expect(s.totals[k], k).toEqual([
        v[k === "totalSupply" ? "totalSupply" : k].toString(),
        formatTet(v[k].toString()),
      ]);
    expect(s.funds.map((f) => f.currency)).toEqual(v.funds.map((f) => f.currency));
    for (const [i, f] of v.funds.entries()) {
      const p = s.funds[i];
      expect([p?.amount, p?.rate, p?.value, p?.buffer, p?.valueText]).toEqual([
        f.amount.toString(),
        f.rate.toString(),
        f.value.toString(),
        f.buffer.toString(),
        formatTet(f.value.toString()),
      ]);
      expect(p?.custody ?? null).toBe(
        f.token === "0x0000000000000000000000000000000000000000"
          ? null
          : (await custodyAt(f.id, block)).toString(),
      );
    }
    expect(v.funds.map((f) => f.currency)).toEqual(["RUB", "USD", stable.toLowerCase()]);
    expect(s.holds).toEqual(["true", "true", "true", "true"]);
    expect(s.alerts).toEqual(["HEALTHY"]);
    // The history, replayed from the events, ends where the views are: one point per block with a
    // change (three listings, three deposits).
    const report = (await (await fetch(`${base}/v1/reserve?block=${block}`)).json()) as ReserveReport;
    expect(s.points).toBe("11"); // drawn as steps: every change after the first is two points
    expect(report.history.at(-1)).toMatchObject({
      backing: v.backing.toString(),
      circulating: v.circulating.toString(),
    });
    expect(await page.locator("#lot-table tbody tr").count()).toBe(3);
    expect(report.lots.map((l) => [l.id, l.fund, l.deposited])).toEqual([
      ["3", stable.toLowerCase(), "25000000"],
      ["2", "USD", "10000"],
      ["1", "RUB", "100000"],
    ]);
    expect(await page.locator("#at").textContent()).toContain(`block ${block}`);
    expect(await page.locator("#contracts").textContent()).toContain(c.d.reserve);
    expect(await page.locator("[data-fund] >> text=needs no custodian").count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "reserve-desktop");
    await page.close();
  });
});

describe.skipIf(!chromiumAvailable)("the proof-of-reserves page over time", () => {
  it("shows an earlier block as it was when the address names it (?block=N)", async () => {
    const page = await b.page(1280);
    const now = await open(page);
    await attested("RUB", 50_000n);
    const before = await open(page, `?block=${now}`);
    expect(before).toBe(now);
    const v = await readReserve(c.admin, c.d, { blockNumber: now });
    expect((await shown(page)).totals.circulating?.[0]).toBe(v.circulating.toString());
    const later = await open(page);
    expect(later).toBeGreaterThan(now);
    expect((await shown(page)).totals.circulating?.[0]).toBe(
      (await readReserve(c.admin, c.d, { blockNumber: later })).circulating.toString(),
    );
    await page.close();
  });

  it("says in words when a rate goes stale and when issuance is paused, and fits a phone", async () => {
    const page = await b.page(390);
    await c.advance(3_000); // USD and the stablecoin: 50 min of 60
    await open(page);
    expect((await shown(page)).alerts).toEqual(["STALE_SOON", "STALE_SOON"]);
    await c.advance(700);
    await transact(c.admin, "pause", () =>
      c.admin.wallet.writeContract({
        address: c.d.reserve,
        abi: reserveAbi,
        functionName: "setIssuancePaused",
        args: [true],
      }),
    );
    const block = await open(page);
    const s = await shown(page);
    expect(s.alerts).toEqual(["STALE_RATE", "STALE_RATE", "PAUSED"]);
    expect(s.funds.map((f) => f.stale)).toEqual([false, true, true]);
    const v = await readReserve(c.admin, c.d, { blockNumber: block });
    expect(v.issuancePaused).toBe(true);
    expect(v.staleFund).toBe(v.funds[1]?.id);
    expect(await page.locator('#alerts [data-code="STALE_RATE"]').first().textContent()).toContain(
      "refuses every deposit and every redemption",
    );
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "reserve-phone-red");
    // A fresh rate from two of the three oracle keys ends the stale state of USD.
    await setRate(c.sender, c.d, {
      currency: "USD",
      quotes: c.oracles.slice(0, 2).map((signer) => ({ signer, quote: wad(91) })),
    });
    await open(page);
    expect((await shown(page)).alerts).toEqual(["STALE_RATE", "PAUSED"]);
    expect(b.cspViolations).toEqual([]);
    await page.close();
  });
});

describe.skipIf(!chromiumAvailable)("GET /v1/reserve", () => {
  it("refuses a malformed or future block with a stable code, counted", async () => {
    const head = await c.admin.public.getBlockNumber();
    const bad = await fetch(`${base}/v1/reserve?block=-1`);
    const future = await fetch(`${base}/v1/reserve?block=${head + 1000n}`);
    expect([bad.status, future.status]).toEqual([400, 404]);
    expect([((await bad.json()) as Problem).code, ((await future.json()) as Problem).code]).toEqual([
      "BAD_BLOCK",
      "BLOCK_NOT_MINED",
    ]);
    expect(refusals.map((p) => p.code).slice(-2)).toEqual(["BAD_BLOCK", "BLOCK_NOT_MINED"]);
  });
});
