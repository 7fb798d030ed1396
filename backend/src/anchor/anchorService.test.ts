import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AnvilHandle,
  type ChainClients,
  connect,
  type Deployment,
  deploySystem,
  latestCheckpoint,
  startAnvil,
} from "@tet/contracts";
import { generatePrivateKey } from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedDevice } from "../ingest/index.js";
import { SqliteStore, StatementLedger } from "../ledger/index.js";
import { type AnchorRecord, AnchorService } from "./index.js";

let dir: string;
let anvil: AnvilHandle;
let chain: ChainClients;
let d: Deployment;
let ledger: StatementLedger;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tet-anchor-"));
  anvil = await startAnvil();
  chain = await connect({
    rpcUrl: anvil.rpcUrl,
    privateKey: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  });
  d = await deploySystem(chain, { keepGovernance: true });
  ledger = await StatementLedger.open({
    store: await SqliteStore.open(join(dir, "ledger.db")),
    origin: "anchor.tet/log",
    signer: nodeSigner(generatePrivateKey()),
    verifier: nodeVerifier,
    checkpointMs: 10,
  });
}, 60_000);
afterAll(async () => {
  await ledger?.close();
  await anvil?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("AnchorService", () => {
  it("anchors the latest checkpoint every period, only when the log has grown", async () => {
    const anchored: AnchorRecord[] = [];
    let wake: (() => void) | undefined;
    const svc = new AnchorService({
      ledger,
      chain,
      deployment: d,
      everyMs: 25,
      onAnchored: (r) => {
        anchored.push(r);
        wake?.();
      },
    });
    const anchoredAtLeast = (size: number) =>
      new Promise<AnchorRecord>((resolve) => {
        const check = () => {
          const r = anchored.find((a) => a.size >= size);
          if (r) resolve(r);
        };
        wake = check;
        check();
      });
    const device = SimulatedDevice.create();
    await ledger.append(device.genesis);
    svc.start();
    try {
      const first = await anchoredAtLeast(1);
      for (let i = 0; i < 3; i++) await ledger.append(device.state());
      const second = await anchoredAtLeast(4);
      expect(second.size).toBeGreaterThan(first.size);
      const onChain = await latestCheckpoint(chain, d, "anchor.tet/log");
      const last = anchored.at(-1)!;
      expect(onChain).toMatchObject({ size: BigInt(last.size), root: last.root });
      const tx = await chain.public.getTransactionReceipt({ hash: last.tx });
      expect(tx.status).toBe("success");
      // Sizes only grow: no anchor repeats a size (the idle log costs no gas).
      const sizes = anchored.map((a) => a.size);
      expect(new Set(sizes).size).toBe(sizes.length);
    } finally {
      await svc.stop();
    }
    expect(await svc.anchorNow()).toBeUndefined();
    // A restarted service recovers the last anchor, with its transaction, from the chain.
    const restarted = new AnchorService({ ledger, chain, deployment: d, everyMs: 0 });
    const loaded = await restarted.load();
    const last = anchored.at(-1)!;
    expect(loaded).toMatchObject({
      size: last.size,
      root: last.root,
      tx: last.tx,
      block: last.block,
      note: last.note,
    });
    expect(await restarted.anchorNow()).toBeUndefined();
  });
});
