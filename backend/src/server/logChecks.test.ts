// Issue 23 item 7 on a real `startBackend`, with SQLite in the data directory and with PostgreSQL:
// the attacker stops nothing and asks nothing — they edit a stored statement (and its leaf hash) in
// the database, and the backend is restarted on it. Its first audit finds the edit: /readyz 503 with
// the reason in words, the audit metrics count it, and the passport is refused LOG_CORRUPT.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { leafHash } from "@tet/schemas";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "../ledger/index.js";
import { Actor, genesis } from "../test-support/index.js";
import { backendConfig } from "./backendConfig.js";
import { startBackend } from "./startBackend.js";

const tmp = mkdtempSync(join(tmpdir(), "tet-log-checks-"));
let pgServer: EmbeddedPostgresServer | undefined;
beforeAll(async () => {
  pgServer = await startEmbeddedPostgres();
}, 60_000);
afterAll(() => pgServer?.stop().finally(() => rmSync(tmp, { recursive: true, force: true })));

/** The attacker's edit of entry `index`: its bytes with the document's host changed, and maybe its leaf. */
const edited = (bytes: Buffer, withLeaf: boolean) => {
  const evil = Buffer.from(bytes.toString("latin1").replace("lumo.example", "evil.example"), "latin1");
  return { evil, leaf: withLeaf ? Buffer.from(leafHash(evil)) : undefined };
};

type Tamper = (index: number, withLeaf: boolean) => Promise<void>;
const stores: [string, (dataDir: string) => Promise<{ pg?: string; tamper: Tamper }>][] = [
  [
    "SQLite",
    async (dataDir) => ({
      tamper: async (index, withLeaf) => {
        const db = new Database(join(dataDir, "ledger.db"));
        db.exec("DROP TRIGGER IF EXISTS entries_no_update");
        const row = db.prepare("SELECT bytes FROM entries WHERE idx = ?").get(index) as { bytes: Buffer };
        const { evil, leaf } = edited(row.bytes, withLeaf);
        db.prepare("UPDATE entries SET bytes = ?, leaf = COALESCE(?, leaf) WHERE idx = ?").run(
          evil,
          leaf,
          index,
        );
        db.close();
      },
    }),
  ],
  [
    "PostgreSQL",
    async () => {
      const url = await (pgServer as EmbeddedPostgresServer).createDatabase(
        `c${Math.random().toString(36).slice(2, 8)}`,
      );
      return {
        pg: url,
        tamper: async (index, withLeaf) => {
          const c = new pg.Client(url);
          await c.connect();
          await c.query("ALTER TABLE entries DISABLE TRIGGER USER");
          const r = await c.query("SELECT bytes FROM entries WHERE idx = $1", [index]);
          const { evil, leaf } = edited(r.rows[0].bytes as Buffer, withLeaf);
          await c.query("UPDATE entries SET bytes = $1, leaf = COALESCE($2, leaf) WHERE idx = $3", [
            evil,
            leaf ?? null,
            index,
          ]);
          await c.end();
        },
      };
    },
  ],
];

const post = (http: string, bytes: Uint8Array) =>
  fetch(`${http}/v1/statements`, {
    method: "POST",
    headers: { "content-type": "application/cose" },
    body: Buffer.from(bytes),
  });

describe.each(stores)("the serve process audits its log (%s)", (_name, open) => {
  it.each([
    ["its bytes", false, /^entry 1: its stored bytes do not hash to its leaf$/],
    [
      "its bytes and leaf hash",
      true,
      /^tree node|^the root of the first 2 entries, re-hashed, is not the signed one$/,
    ],
  ])(
    "an entry edited in the database (%s) turns /readyz 503 after a restart",
    async (_what, withLeaf, reason) => {
      const dataDir = mkdtempSync(join(tmp, "d-"));
      const { pg: url, tamper } = await open(dataDir);
      const config = () =>
        backendConfig(
          {},
          { dataDir, httpPort: 0, mqttPort: 0, wsPort: 0, chain: "off", ...(url ? { pg: url } : {}) },
        );
      const owner = new Actor();
      const g = genesis(owner, { name: "Lamp" });
      const b1 = await startBackend(config());
      try {
        expect((await post(b1.urls.http[0] as string, g.bytes)).status).toBe(201);
        const doc = owner.sign({
          ...{
            v: 1,
            t: "document",
            ts: Date.now(),
            obj: g.obj,
            title: "Manual",
            mediaType: "application/pdf",
          },
          uri: "https://lumo.example/manual.pdf",
          hash: new Uint8Array(32),
        });
        expect((await post(b1.urls.http[0] as string, doc)).status).toBe(201);
        await b1.ledger.log.checkpoint();
        await b1.logChecks?.audit.run(); // "?.": the same test runs on code from before the audit (8489eda)
        expect((await fetch(`${b1.urls.http[0]}/readyz`)).status).toBe(200);
      } finally {
        await b1.close();
      }
      await tamper(1, withLeaf);
      const b2 = await startBackend(config());
      try {
        await b2.logChecks?.audit.run(); // joins the first run, started with the backend
        const ready = await fetch(`${b2.urls.http[0]}/readyz`);
        const body = (await ready.json()) as { checks: Record<string, { ok: boolean; error?: string }> };
        expect(ready.status).toBe(503);
        const error = body.checks.log?.error ?? "";
        expect(error.startsWith("the log does not match its hashes: ")).toBe(true);
        expect(error.slice("the log does not match its hashes: ".length)).toMatch(reason);
        const metrics = await (await fetch(`${b2.urls.http[0]}/metrics`)).text();
        const { runs } = b2.logChecks.audit.stats; // the run at start, and the one asked for if that had ended
        expect(runs).toBeGreaterThanOrEqual(1);
        const line = (name: string) => metrics.split("\n").find((l) => l.startsWith(`${name} `));
        expect(line("tet_log_audit_runs_total")).toBe(`tet_log_audit_runs_total ${runs}`);
        expect(line("tet_log_audit_failures_total")).toBe(`tet_log_audit_failures_total ${runs}`);
        expect(line('tet_log_corrupt_total{where="audit"}')).toBe(
          `tet_log_corrupt_total{where="audit"} ${runs}`,
        );
        expect(metrics).toMatch(/^tet_log_audit_last_ok 0$/m);
        const passport = await fetch(`${b2.urls.http[0]}/v1/objects/${g.id}`);
        expect([passport.status, ((await passport.json()) as { code: string }).code]).toEqual([
          500,
          "LOG_CORRUPT",
        ]);
      } finally {
        await b2.close();
      }
    },
    60_000,
  );
});
