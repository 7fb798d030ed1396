import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deposit, redeem, reserveAbi } from "@tet/contracts";
import { keccak256, stringToHex } from "viem";
import {
  type CustodianOptions,
  CustodianService,
  CustodianStore,
  csvPayoutWriter,
  custodianRoutes,
  splitCsv,
} from "../custodian/index.js";
import { listenHttp } from "../server/index.js";
import { type EconomyChain, startEconomyChain, wad } from "./economyChain.js";

/** One in-process custodian of a rig: its own data directory, inbox, payout orders and HTTP routes. */
export interface RigCustodian {
  dir: string;
  inbox: string;
  orders: string;
  store: CustodianStore;
  service: CustodianService;
  url: string;
}

/** A test chain with its custodian board, and custodian processes in-process on loopback. */
export interface CustodianRig {
  c: EconomyChain;
  /** A custodian holding the board's key `i`, with a fresh database. */
  custodian(
    i: number,
    o?: Partial<Pick<CustodianOptions, "beneficiaries" | "confirmations">>,
  ): Promise<RigCustodian>;
  /** How many Deposited events the reserve emitted. */
  deposits(): Promise<number>;
  stop(): Promise<void>;
}

/** The payout orders a CSV payout writer wrote into `dir`, as rows of fields (headers dropped). */
export const orderLines = (dir: string): string[][] =>
  readdirSync(dir).flatMap((f) =>
    splitCsv(readFileSync(join(dir, f), "utf8"), ",")
      .slice(1)
      .map((r) => r.fields),
  );

/** Starts Anvil with `custodians` custodian keys (threshold `threshold`) and USD listed; one per test file. */
export async function startCustodianRig(o: { custodians: number; threshold: number }): Promise<CustodianRig> {
  const c = await startEconomyChain({ custodians: o.custodians, custodianThreshold: o.threshold });
  const dirs: string[] = [];
  const closers: (() => Promise<void>)[] = [];
  return {
    c,
    async custodian(i, extra = {}) {
      const dir = mkdtempSync(join(tmpdir(), `tet-custodian-${i}-`));
      dirs.push(dir);
      const inbox = join(dir, "inbox");
      mkdirSync(inbox);
      const signer = c.custodians[i] as (typeof c.custodians)[number];
      const store = new CustodianStore(join(dir, "custodian.db"), signer);
      const orders = join(dir, "orders");
      const service = new CustodianService({
        clients: c.sender,
        deployment: c.d,
        signers: [signer],
        store,
        inbox,
        adapter: csvPayoutWriter(orders),
        ...extra,
      });
      const http = await listenHttp(custodianRoutes(service), 0);
      closers.push(async () => {
        await http.close();
        store.close();
      });
      return { dir, inbox, orders, store, service, url: `http://127.0.0.1:${http.port}` };
    },
    deposits: async () =>
      (
        await c.admin.public.getContractEvents({
          address: c.d.reserve,
          abi: reserveAbi,
          eventName: "Deposited",
          fromBlock: 0n,
        })
      ).length,
    async stop() {
      for (const close of closers) await close();
      await c.anvil.stop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Two custodians of a 2-of-2 board that list each other as peers. */
export async function startCustodianPair(): Promise<{ rig: CustodianRig; a: RigCustodian; b: RigCustodian }> {
  const rig = await startCustodianRig({ custodians: 2, threshold: 2 });
  const a = await rig.custodian(0);
  const b = await rig.custodian(1);
  a.service.o.peers = [b.url];
  b.service.o.peers = [a.url];
  return { rig, a, b };
}

/**
 * Gives the chain's sender `usdCents` of USD-backed TET (attested by every custodian key) and has it
 * redeem `redemptions[i]` whole TET each into USD: PayoutInstruction events waiting for a custodian.
 */
export async function queueRedemptions(c: EconomyChain, usdCents: bigint, redemptions: readonly number[]) {
  await deposit(c.sender, c.d, {
    currency: "USD",
    amount: usdCents,
    buyer: c.sender.wallet.account.address,
    attestation: keccak256(stringToHex(`funding ${usdCents} ${redemptions.join(",")}`)),
    signers: c.custodians,
  });
  for (const [i, tet] of redemptions.entries())
    await redeem(c.sender, c.d, {
      currency: "USD",
      tet: wad(tet),
      payoutRef: keccak256(stringToHex(`r${i + 1}`)),
    });
}
