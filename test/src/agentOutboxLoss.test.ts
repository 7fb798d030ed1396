// Issue #23 item 4: a real agent (test/src/fixtures/agentMain.ts, the @tet/agent runtime in its own
// process) whose outbox is truncated, corrupted or deleted while its statements are in the ledger
// recovers its chain head from the backend's signed receipts: no REPLAY loop, no seq signed twice,
// and every reading in the ledger exactly once.
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "@tet/backend";
import { parseStatement } from "@tet/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  avatar,
  type Child,
  holdings,
  isExactChain,
  logKey,
  seed,
  settled,
  spawnTs,
} from "./support/index.js";

const DAMAGE = {
  /** Cut to 40 % of its length: the chain head rolls back to an old seq. */
  truncated: (file: string) => truncateSync(file, Math.floor(readFileSync(file).length * 0.4)),
  /** 48 bytes overwritten at 40 %: a record fails its CRC with good ones after it. */
  corrupted: (file: string) => {
    const bytes = readFileSync(file);
    const at = Math.floor(bytes.length * 0.4);
    bytes.fill(0xa5, at, at + 48);
    writeFileSync(file, bytes);
  },
  /** The whole outbox directory gone. */
  deleted: (file: string) => rmSync(join(file, ".."), { recursive: true }),
} as const;
type Damage = keyof typeof DAMAGE;

describe("a real agent whose outbox is damaged while its statements are in the ledger", {
  timeout: 240_000,
}, () => {
  const dir = mkdtempSync(join(tmpdir(), "tet-outbox-loss-"));
  const db = join(dir, "ledger.db");
  const key = logKey();
  const avatars = Object.fromEntries(
    (Object.keys(DAMAGE) as Damage[]).map((d) => [d, avatar(dir)]),
  ) as Record<Damage, ReturnType<typeof avatar>>;
  const children: Child[] = [];
  let port = 0;

  const startAgent = (av: ReturnType<typeof avatar>) => {
    const agent = spawnTs("test/src/fixtures/agentMain.ts", {
      env: {
        TET_AGENT: JSON.stringify({
          objectId: av.objectId,
          deviceKey: av.deviceKeyHex,
          genesisPath: av.genesisPath,
          dataDir: join(dir, `agent-${av.objectId}`),
          url: `mqtt://[::1]:${port}`,
          logDid: key.did,
          count: 60,
          intervalMs: 5,
        }),
      },
    });
    children.push(agent);
    return agent;
  };

  beforeAll(async () => {
    await seed(
      db,
      key,
      Object.values(avatars).map((a) => a.genesis),
    );
    const backend = spawnTs("test/src/fixtures/backendMain.ts", {
      env: {
        TET_BACKEND: JSON.stringify({ db, logKey: key.hex, mode: "embedded", port: 0, hosts: ["::1"] }),
      },
    });
    children.push(backend);
    port = (JSON.parse((await backend.line(/^READY/)).slice(6)) as { port: number }).port;
  }, 60_000);
  afterAll(async () => {
    for (const c of children) await c.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(Object.keys(DAMAGE) as Damage[])(
    "%s: recovers its head from the log and stores every reading once",
    async (damage) => {
      const av = avatars[damage];
      const first = startAgent(av);
      await settled(first, 90_000);
      await first.kill("SIGKILL");
      const outbox = join(dir, `agent-${av.objectId}`, "outbox");
      const segment = readdirSync(outbox).find((n) => n.endsWith(".log")) as string;
      DAMAGE[damage](join(outbox, segment));

      const second = startAgent(av);
      await settled(second, 90_000);
      await second.kill();
      const events = second.lines.map(
        (l) => JSON.parse(l) as { ev: string; kind?: string; code?: string; line?: string },
      );
      expect(
        events.filter((e) => e.ev === "receipt" && e.code === "REPLAY"),
        "REPLAY refusals",
      ).toEqual([]);
      expect(events.filter((e) => e.ev === "receipt" && e.kind === "rebased")).toHaveLength(1);
      if (damage === "corrupted")
        expect(events.some((e) => e.ev === "log" && e.line?.includes("OUTBOX_CORRUPT"))).toBe(true);

      const store = await SqliteStore.open(db);
      try {
        const h = await holdings(store, av.object);
        expect(h.kinds).toEqual({ genesis: 1, state: 120 });
        expect(isExactChain(h.seqs)).toBe(true);
        const readings = (await store.entriesByObject(av.object, { limit: 1000 })).flatMap((e) => {
          const s = e.seq === null ? undefined : parseStatement(e.bytes as Uint8Array).statement;
          return s?.t === "state" ? [s.readings.n?.v] : [];
        });
        expect(new Set(readings).size, "every reading once").toBe(120);
      } finally {
        await store.close();
      }
    },
  );
});
