// End to end over real IPv6 between network namespaces — the backend (embedded broker, SQLite) in one,
// the real agent in the other, joined by a veth pair with ULA addresses — and the fault scenarios,
// each checking exact counts in the ledger afterwards (nothing lost, nothing twice).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "@tet/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ackedUpTo,
  avatar,
  type Child,
  createNetnsPair,
  holdings,
  isExactChain,
  logKey,
  missing,
  type NetnsPair,
  type OutboxStats,
  outboxStats,
  seed,
  settled,
  spawnTs,
  until,
} from "./support/index.js";

const skip = missing("root", "ip", "netns");
const PORT = 1883; // inside the backend's own namespace: nothing else listens there

describe.skipIf(skip)("agent ↔ backend over IPv6 between network namespaces", { timeout: 180_000 }, () => {
  let net: NetnsPair;
  let dir: string;
  let db: string;
  const key = logKey();
  let avatars: ReturnType<typeof avatar>[];
  let backend: Child | undefined;
  const children: Child[] = [];

  const startBackend = async () => {
    backend = spawnTs("test/src/fixtures/backendMain.ts", {
      netns: net.a,
      env: {
        TET_BACKEND: JSON.stringify({ db, logKey: key.hex, mode: "embedded", port: PORT, hosts: ["::"] }),
      },
    });
    children.push(backend);
    await backend.line(/^READY/);
  };

  const startAgent = (
    av: ReturnType<typeof avatar>,
    opts: { count: number; intervalMs: number; outboxMaxBytes?: number },
  ) => {
    const agent = spawnTs("test/src/fixtures/agentMain.ts", {
      netns: net.b,
      env: {
        TET_AGENT: JSON.stringify({
          objectId: av.objectId,
          deviceKey: av.deviceKeyHex,
          genesisPath: av.genesisPath,
          dataDir: join(dir, `agent-${av.objectId}`),
          url: `mqtt://[${net.addrA}]:${PORT}`,
          logDid: key.did,
          ...opts,
        }),
      },
    });
    children.push(agent);
    return agent;
  };

  const ledgerOf = async (av: ReturnType<typeof avatar>) => {
    const store = await SqliteStore.open(db);
    try {
      return await holdings(store, av.object);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    net = createNetnsPair();
    dir = mkdtempSync(join(tmpdir(), "tet-netns-"));
    db = join(dir, "ledger.db");
    avatars = Array.from({ length: 5 }, () => avatar(dir));
    await seed(
      db,
      key,
      avatars.map((a) => a.genesis),
    );
    await startBackend();
  }, 180_000);
  afterAll(async () => {
    for (const c of children) await c.kill("SIGKILL");
    net?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("carries an agent's statements over IPv6 (ULA on a veth pair) into the ledger exactly once", async () => {
    const av = avatars[0] as ReturnType<typeof avatar>;
    const agent = startAgent(av, { count: 100, intervalMs: 5 });
    await settled(agent);
    await agent.kill();
    const h = await ledgerOf(av);
    expect(h.kinds).toEqual({ genesis: 1, state: 100 });
    expect(isExactChain(h.seqs)).toBe(true);
  });

  it("loses nothing and stores nothing twice when the agent is killed with SIGKILL and restarted", async () => {
    const av = avatars[1] as ReturnType<typeof avatar>;
    const first = startAgent(av, { count: 400, intervalMs: 10 });
    await ackedUpTo(first, 40);
    await first.kill("SIGKILL");
    const second = startAgent(av, { count: 50, intervalMs: 5 });
    await settled(second);
    const final = outboxStats(second) as OutboxStats;
    await second.kill();
    const h = await ledgerOf(av);
    expect(final.headSeq).toBeGreaterThanOrEqual(90);
    expect(h.kinds).toEqual({ genesis: 1, state: final.headSeq });
    expect(isExactChain(h.seqs)).toBe(true);
  });

  it("loses nothing and stores nothing twice when the backend is killed with SIGKILL and restarted mid-stream", async () => {
    const av = avatars[2] as ReturnType<typeof avatar>;
    const agent = startAgent(av, { count: 300, intervalMs: 10 });
    await ackedUpTo(agent, 50);
    await backend?.kill("SIGKILL");
    await startBackend();
    await settled(agent);
    await agent.kill();
    const h = await ledgerOf(av);
    expect(h.kinds).toEqual({ genesis: 1, state: 300 });
    expect(isExactChain(h.seqs)).toBe(true);
  });

  it("loses nothing and stores nothing twice when the link is cut for 30 s (ip link set … down) and restored", async () => {
    const av = avatars[3] as ReturnType<typeof avatar>;
    const agent = startAgent(av, { count: 400, intervalMs: 100 });
    await ackedUpTo(agent, 20);
    net.cut();
    try {
      const ackedAtCut = outboxStats(agent)?.ackedSeq ?? 0;
      // The fault itself lasts 30 s (this is the scenario, not a synchronisation).
      await new Promise((r) => setTimeout(r, 30_000));
      expect(outboxStats(agent)?.ackedSeq).toBeLessThanOrEqual(ackedAtCut + 64); // nothing got through the cut…
      expect(outboxStats(agent)?.entries ?? 0).toBeGreaterThan(150); // …while the agent kept storing readings
    } finally {
      net.restore();
    }
    await settled(agent);
    await agent.kill();
    const h = await ledgerOf(av);
    expect(h.kinds).toEqual({ genesis: 1, state: 400 });
    expect(isExactChain(h.seqs)).toBe(true);
  }, 240_000);

  it("accounts for every reading when the outbox fills while the backend is away: kept ones stored once, dropped ones in gap statements", async () => {
    const av = avatars[4] as ReturnType<typeof avatar>;
    await backend?.kill("SIGTERM");
    const agent = startAgent(av, { count: 300, intervalMs: 2, outboxMaxBytes: 4 * 1024 });
    await until(() => agent.lines.some((l) => l.includes('"ev":"emitted"')), "all readings emitted", {
      ms: 120_000,
    });
    await until(() => (outboxStats(agent)?.droppedTotal ?? 0) > 0, "the outbox to drop telemetry");
    await startBackend();
    await settled(agent);
    await agent.kill();
    const h = await ledgerOf(av);
    expect(h.kinds.gap).toBeGreaterThanOrEqual(1);
    expect((h.kinds.state ?? 0) + h.dropped).toBe(300);
    expect(h.dropped).toBe(outboxStats(agent)?.droppedTotal);
    expect(isExactChain(h.seqs)).toBe(true);
  });
});
