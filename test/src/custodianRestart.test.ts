import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CustodianStore,
  DEV_KEYS,
  type EconomyChain,
  queueRedemptions,
  startEconomyChain,
  verifyJournal,
} from "@tet/backend/test-support";
import { reserveAbi } from "@tet/contracts";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ServiceChild, startService, until } from "./support/index.js";

// Issue 17, custodian: a `tet-backend custodian` process imports a statement once and pays out each
// redemption once across restarts — killed (SIGKILL) by itself in the narrowest window (an order
// written, not yet recorded) and by the test in the middle of the queue — on a real Anvil.
const N = 12;
let c: EconomyChain;
let dir: string;
const children: ServiceChild[] = [];

const env = (extra: Record<string, string> = {}) => ({
  TET_CUSTODIAN_RPC: c.anvil.rpcUrl,
  TET_CUSTODIAN_DEPLOYMENT: join(dir, "deployment.json"),
  TET_CUSTODIAN_KEYS: join(dir, "custodian.key"),
  TET_CUSTODIAN_SENDER_KEY: join(dir, "sender.key"),
  TET_CUSTODIAN_DATA: join(dir, "data"),
  TET_CUSTODIAN_INBOX: join(dir, "inbox"),
  TET_CUSTODIAN_PORT: "0",
  ...extra,
});
const orders = () => {
  const d = join(dir, "data", "payout-orders");
  if (!existsSync(d)) return [];
  return readdirSync(d).flatMap((f) => readFileSync(join(d, f), "utf8").split("\n").slice(1).filter(Boolean));
};
const deposited = async () =>
  (
    await c.admin.public.getContractEvents({
      address: c.d.reserve,
      abi: reserveAbi,
      eventName: "Deposited",
      fromBlock: 0n,
    })
  ).length;
async function start(extra: Record<string, string>) {
  const s = await startService("custodian", env(extra));
  children.push(s);
  return s;
}

beforeAll(async () => {
  c = await startEconomyChain({ custodians: 1, custodianThreshold: 1 });
  dir = mkdtempSync(join(tmpdir(), "tet-custodian-restart-"));
  mkdirSync(join(dir, "inbox"));
  writeFileSync(join(dir, "deployment.json"), JSON.stringify(c.d));
  writeFileSync(join(dir, "custodian.key"), `${c.custodianKeys[0]}\n`, { mode: 0o600 });
  writeFileSync(join(dir, "sender.key"), `${DEV_KEYS[1]}\n`, { mode: 0o600 });
  // N redemptions of 1..N dollars wait on chain before the custodian first starts.
  await queueRedemptions(
    c,
    1_000_00n,
    Array.from({ length: N }, (_, i) => 90 * (i + 1)),
  );
  copyFileSync(
    new URL("../../backend/src/custodian/fixtures/statement-usd-2026-12-01.csv", import.meta.url),
    join(dir, "inbox", "2026-12-01.csv"),
  );
}, 120_000);
afterAll(async () => {
  for (const s of children) await s.kill("SIGKILL");
  await c?.anvil.stop();
  rmSync(dir, { recursive: true, force: true });
});

it("imports the statement once and orders each of 12 redemptions exactly once across two SIGKILLs", async () => {
  // 1. One order per round; the process kills itself after writing its 3rd order, before recording it.
  const first = await start({
    TET_CUSTODIAN_PAYOUT_BATCH: "1",
    TET_CUSTODIAN_INTERVAL_MS: "100",
    TET_CUSTODIAN_FAULT: "kill-after-order:3",
  });
  expect(await first.exited).toBe("SIGKILL");
  expect(orders()).toHaveLength(3);
  expect(await deposited()).toBe(1 + 3); // the funding, and the statement's 3 credits (1-of-1)

  // 2. Restarted: order 3 is found already written (not written again); killed by the test mid-queue.
  const second = await start({ TET_CUSTODIAN_PAYOUT_BATCH: "1", TET_CUSTODIAN_INTERVAL_MS: "700" });
  await until(() => orders().length >= 5, "five orders written", { ms: 60_000 });
  await second.kill("SIGKILL");
  const atKill = orders().length;
  expect(atKill, "the kill must land in the middle of the queue").toBeLessThan(N);

  // 3. Restarted again: the rest of the queue, then a clean stop.
  const third = await start({ TET_CUSTODIAN_INTERVAL_MS: "100" });
  const status = async () =>
    (await (
      await fetch(`${String(third.ready.custodian).replace("[::1]", "127.0.0.1")}/v1/custodian/status`)
    ).json()) as {
      payouts: Record<string, number>;
      credits: Record<string, number>;
    };
  await until(async () => (await status()).payouts.ordered === N, "every payout ordered", { ms: 60_000 });
  expect(await third.kill("SIGTERM")).toBe(0);

  const lines = orders();
  const ids = lines.map((l) => Number(l.split(",")[0]));
  expect(ids.sort((x, y) => x - y)).toEqual(Array.from({ length: N }, (_, i) => i + 1)); // each once
  expect(lines.map((l) => l.split(",").slice(0, 3).join(",")).sort()).toContain("3,USD,3.00");
  expect(await deposited()).toBe(4); // three starts, one import

  const store = new CustodianStore(
    join(dir, "data", "custodian.db"),
    privateKeyToAccount(generatePrivateKey()),
  );
  try {
    const journal = store.journal();
    expect(
      await verifyJournal(journal, { signers: new Set([c.custodians[0]?.address.toLowerCase() as string]) }),
    ).toBe(undefined);
    const kinds = (k: string) => journal.filter((e) => e.kind === k).map((e) => Number(e.body.redemptionId));
    expect(kinds("payout.instructed").sort((x, y) => x - y)).toEqual(ids);
    expect(kinds("payout.ordered").sort((x, y) => x - y)).toEqual(ids); // recorded once each, 3 included
    expect(journal.filter((e) => e.kind === "statement.imported")).toHaveLength(1);
    expect(store.payouts().every((p) => p.status === "ordered")).toBe(true);
  } finally {
    store.close();
  }
}, 240_000);
