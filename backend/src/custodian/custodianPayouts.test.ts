import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { redeem } from "@tet/contracts";
import Database from "better-sqlite3";
import { keccak256, stringToHex } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type CustodianRig,
  type EconomyChain,
  orderLines,
  queueRedemptions,
  startCustodianRig,
  wad,
} from "../test-support/index.js";
import { custodianRoutes } from "./custodianRoutes.js";
import { CustodianService } from "./custodianService.js";
import { CustodianStore } from "./custodianStore.js";

// Issue 17, custodian: payouts held for bank details, and queued only once buried deep enough; three
// redemptions of USD wait on a real Anvil.
let rig: CustodianRig;
let c: EconomyChain;
let tmp: string;
beforeAll(async () => {
  rig = await startCustodianRig({ custodians: 2, threshold: 2 });
  c = rig.c;
  tmp = mkdtempSync(join(tmpdir(), "tet-custodian-payouts-"));
  await queueRedemptions(c, 150_000n, [900, 900, 900]);
});
afterAll(async () => {
  await rig?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

it("holds a payout whose beneficiary has no bank details, and orders it once they are known", async () => {
  const file = join(tmp, "beneficiaries.csv");
  writeFileSync(
    file,
    "address,name,iban\n0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC,Ivan Petrov,DE02 1203 0000 0000 2020 51\n",
  );
  const x = await rig.custodian(0, { beneficiaries: file });
  await x.service.tick(); // the three payouts on chain are queued; none can be paid yet
  expect(x.store.payouts().map((p) => [p.status, p.error])).toEqual(
    Array.from({ length: 3 }, () => ["held", "NO_BENEFICIARY"]),
  );
  expect(existsSync(x.orders) ? readdirSync(x.orders) : []).toEqual([]);
  writeFileSync(
    file,
    `address,name,iban\n${c.sender.wallet.account.address},Ostrova Coworking LLC,DE89 3704 0044 0532 0130 00\n`,
  );
  await x.service.tick();
  expect(x.store.payouts().map((p) => p.status)).toEqual(["ordered", "ordered", "ordered"]);
  expect(orderLines(x.orders).map((l) => [l[3], l[4]])).toEqual(
    Array.from({ length: 3 }, () => ["Ostrova Coworking LLC", "DE89370400440532013000"]),
  );
  expect(x.store.journal().filter((e) => e.kind === "payout.held")).toHaveLength(3); // once each, not per round
});

it("queues a redemption only once it is buried under custodian_confirmations blocks", async () => {
  const x = await rig.custodian(1, { confirmations: 2 });
  const r = await redeem(c.sender, c.d, {
    currency: "USD",
    tet: wad(90),
    payoutRef: keccak256(stringToHex("late")),
  });
  await x.service.tick();
  const ids = () => x.store.payouts().map((p) => p.redemptionId);
  expect(ids()).not.toContain(Number(r.redemptionId));
  await c.advance(1);
  await x.service.tick();
  expect(ids()).not.toContain(Number(r.redemptionId)); // one block on top: not yet
  await c.advance(1);
  await x.service.tick();
  expect(ids()).toContain(Number(r.redemptionId));
});

it("halts (signs and pays nothing, not ready) when its journal was altered behind its back", async () => {
  const x = await rig.custodian(0);
  await x.service.tick(); // the payouts on chain queued and ordered, journalled
  const before = x.store.payouts().map((p) => p.status);
  const file = join(x.dir, "custodian.db");
  x.store.close();
  const db = new Database(file);
  db.exec("DROP TRIGGER journal_no_update");
  db.prepare("UPDATE journal SET body = replace(body, '}', ',\"x\":1}') WHERE seq = 1").run();
  db.close();
  await queueRedemptions(c, 10_000n, [90]);
  const store = new CustodianStore(file, c.custodians[0] as (typeof c.custodians)[number]);
  const service = new CustodianService({ ...x.service.o, store });
  await service.tick();
  expect(store.payouts().map((p) => p.status)).toEqual(before); // the new one not even queued
  expect(service.status().error).toMatch(
    /^custodian: halted: the journal does not verify at entry 1: the hash does not match/,
  );
  const ready = await custodianRoutes(service).request("/readyz");
  expect(ready.status).toBe(503);
  store.close();
});

it("is not ready while the chain does not answer its reads, and says so once in the log", async () => {
  const x = await rig.custodian(1);
  const lines: string[] = [];
  const broken = new CustodianService({
    ...x.service.o,
    deployment: { ...c.d, reserve: "0x000000000000000000000000000000000000dEaD" },
    log: (level, msg) => lines.push(`${level} ${msg}`),
  });
  await broken.tick();
  await broken.tick();
  const ready = await custodianRoutes(broken).request("/readyz");
  expect(ready.status).toBe(503);
  expect(JSON.stringify(await ready.json())).toMatch(/the chain does not answer/);
  expect(lines.filter((l) => l.startsWith("error custodian: the chain does not answer"))).toHaveLength(1);
  await x.service.tick();
  expect((await custodianRoutes(x.service).request("/readyz")).status).toBe(200);
});
