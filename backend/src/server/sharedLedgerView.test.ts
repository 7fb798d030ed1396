import { generatePrivateKey, parseStatement } from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LeasedLedger, SimulatedDevice } from "../ingest/index.js";
import {
  type AppendedEvent,
  type EmbeddedPostgresServer,
  type Ledger,
  PostgresStore,
  startEmbeddedPostgres,
} from "../ledger/index.js";
import { SharedLedgerView } from "./sharedLedgerView.js";

let server: EmbeddedPostgresServer;
beforeAll(async () => {
  server = await startEmbeddedPostgres();
}, 120_000);
afterAll(() => server?.stop(), 60_000);

/** Resolves with the first `n` events the ledger tells of. */
function events(ledger: Ledger, n: number): Promise<AppendedEvent[]> {
  const seen: AppendedEvent[] = [];
  return new Promise((resolve) => {
    const off = ledger.onAppended((e) => {
      seen.push(e);
      if (seen.length === n) {
        off();
        resolve(seen);
      }
    });
  });
}

describe("LeasedLedger and SharedLedgerView, two workers on one PostgreSQL log", { timeout: 120_000 }, () => {
  it("take bytes and { verified } statements alike; each worker tells of its own appends, the view of all", async () => {
    const url = await server.createDatabase("shared_view");
    const signer = nodeSigner(generatePrivateKey());
    const stores = [await PostgresStore.open(url), await PostgresStore.open(url)];
    const [a, b] = await Promise.all(
      stores.map((store) =>
        LeasedLedger.open({ store, pg: url, origin: "view.test/log", signer, verifier: nodeVerifier }),
      ),
    );
    if (a === undefined || b === undefined) throw new Error("two workers");
    const view = await SharedLedgerView.open({ leased: a, pollMs: 20 });
    const ownA: number[] = [];
    const ownB: number[] = [];
    a.onAppended((e) => ownA.push(e.index));
    b.onAppended((e) => ownB.push(e.index));
    const all = events(view, 3);

    const d = SimulatedDevice.create();
    expect(await view.append(d.genesis)).toEqual({ index: 0, duplicate: false });
    const s1 = d.state();
    expect(await a.append({ verified: parseStatement(s1) })).toEqual({ index: 1, duplicate: false });
    expect(await a.append(s1)).toEqual({ index: 1, duplicate: true });
    expect(await b.append(d.state())).toEqual({ index: 2, duplicate: false });

    expect((await all).map((e) => [e.index, e.statement.t])).toEqual([
      [0, "genesis"],
      [1, "state"],
      [2, "state"],
    ]);
    expect(ownA).toEqual([0, 1]);
    expect(ownB).toEqual([2]);
    expect(view.log.committedSize).toBe(3);
    await view.close();
    for (const l of [a, b]) await l.close();
    for (const s of stores) await s.close();
  });
});
