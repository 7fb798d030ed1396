import { type Invoice, type ServedApi, type SettlementRecord, serveApi } from "@tet/backend";
import {
  chromiumAvailable,
  formatTet,
  launchTestBrowser,
  screenshot,
  seriousViolations,
  sidewaysOverflow,
  type TestBrowser,
} from "@tet/backend/test-support";
import { settlementAbi } from "@tet/contracts";
import { parseEventLogs } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ch, charger, openSession, payHttp, tet, useBillingWorld, w } from "./billingSession.js";

// The provider's view on a billed charger's page (issue 17 item 5): a real agent meters kWh, the
// payer pays each step with a voucher, the backend settles on Anvil; the page shows the tariff, the
// open and the past session, the voucher received, the invoice with the usage statements it cites,
// the settlement with its transaction hash, and links the provider statement as CSV.
let api: ServedApi;
let base: string;
let b: TestBrowser;
let record: SettlementRecord;

useBillingWorld();
beforeAll(async () => {
  if (!chromiumAvailable) return;
  const channel = await openSession(ch.objectId, "view-1");
  for (const wh of [1500, 1500, 700]) {
    const metered = w.nextUsage("view-1", "progress");
    charger.deliver(wh);
    await metered;
    expect((await payHttp(ch.objectId, "view-1", channel)).status).toBe(200);
  }
  const done = new Promise<SettlementRecord>((r) => w.billing.once("settled", r));
  const stopped = w.nextUsage("view-1", "stop");
  charger.unplug();
  await stopped;
  record = await done;
  // A second car is charging now: an open session, one step paid.
  const second = await openSession(ch.objectId, "view-2");
  const metered = w.nextUsage("view-2", "progress");
  charger.deliver(500);
  await metered;
  expect((await payHttp(ch.objectId, "view-2", second)).status).toBe(200);
  api = await serveApi({ ledger: w.ledger, port: 0, rateLimit: false, routes: [w.bill] });
  base = `http://127.0.0.1:${api.port}`;
  b = await launchTestBrowser();
}, 180_000);
afterAll(async () => {
  await b?.close();
  await api?.close();
});

describe.skipIf(!chromiumAvailable)("the provider's view on a charger's page", () => {
  it("shows the settled session with its transaction hash, the open one, vouchers and invoices", async () => {
    const page = await b.page(1280);
    await page.goto(`${base}/o/${ch.objectId}`);
    const tx = page.locator(`#settlements [data-tx="${record.tx}"]`);
    await tx.waitFor();
    expect(await tx.textContent()).toBe(record.tx);
    // The hash is the chain's: its receipt redeemed this channel, paying what the page says.
    const receipt = await w.admin.public.getTransactionReceipt({ hash: record.tx });
    const [redeemed] = parseEventLogs({
      abi: settlementAbi,
      logs: receipt.logs,
      eventName: "VoucherRedeemed",
    });
    expect([receipt.status, redeemed?.args.channel.toString()]).toEqual(["success", record.channel]);
    const row = page
      .locator("#settlements tbody tr")
      .filter({ has: page.locator(`[data-tx="${record.tx}"]`) });
    expect(await row.textContent()).toContain(formatTet(redeemed?.args.paid.toString() ?? ""));
    expect(await row.textContent()).toContain(formatTet(record.fee));
    const past = page.locator("#sessions tbody tr").filter({ hasText: "view-1" });
    expect(await past.locator(".status").textContent()).toBe("settled");
    expect(await past.textContent()).toContain(formatTet(record.amount)); // the voucher received: 3.7 kWh × 0.35
    const inv = (await (
      await fetch(`${base}/v1/objects/${ch.objectId}/invoice?session=view-1`)
    ).json()) as Invoice;
    expect(await past.locator("details summary").textContent()).toBe(
      `${inv.lines[0]?.usage.length} usage statements`,
    );
    const open = page.locator("#sessions-open tbody tr").filter({ hasText: "view-2" });
    expect(await open.locator(".status").textContent()).toBe("open");
    expect(await open.textContent()).toContain(formatTet(tet("0.175").toString())); // 0.5 kWh paid so far
    expect(await page.locator("#tariffs").textContent()).toContain("0.35 TET per kWh");
    const href = (await page.locator("#statement-csv").getAttribute("href")) as string;
    const csv = await (await fetch(`${base}${href}`)).text();
    expect(csv).toContain(record.tx);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "provider-desktop");
    await page.close();
  });

  it("fits a phone: the billing tables become labelled rows", async () => {
    const page = await b.page(390);
    await page.goto(`${base}/o/${ch.objectId}`);
    await page.locator(`#settlements [data-tx="${record.tx}"]`).waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(b.cspViolations).toEqual([]);
    await screenshot(page, "provider-phone");
    await page.close();
  });
});
