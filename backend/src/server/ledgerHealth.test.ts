import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { Actor, genesis } from "../test-support/index.js";
import { backendConfig } from "./backendConfig.js";
import { startBackend } from "./startBackend.js";

const dataDir = mkdtempSync(join(tmpdir(), "tet-health-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const config = () => backendConfig({}, { dataDir, httpPort: 0, mqttPort: 0, wsPort: 0, chain: "off" });
const post = (base: string, bytes: Uint8Array) =>
  fetch(`${base}/v1/statements`, {
    method: "POST",
    headers: { "content-type": "application/cose" },
    body: Buffer.from(bytes),
  });

describe("readiness follows the store", () => {
  const kept = genesis(new Actor());
  const lost = genesis(new Actor());

  it("a failed commit turns /readyz 503 and resolves `failed`; a restart serves what was committed", async () => {
    const b = await startBackend(config());
    try {
      const base = b.urls.http[1] as string;
      expect((await post(base, kept.bytes)).status).toBe(201);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      // The fault: the store refuses the next write (a real SQLite error from another connection's
      // trigger, as a full disk or an I/O error would make it refuse).
      const db = new Database(join(dataDir, "ledger.db"));
      db.exec(
        "CREATE TRIGGER fault BEFORE INSERT ON entries BEGIN SELECT RAISE(ABORT, 'injected store fault'); END",
      );
      db.close();
      const r = await post(base, lost.bytes);
      expect(r.status).toBe(503);
      expect(await r.json()).toMatchObject({ code: "STORE_FAILED" });
      expect(String(await b.failed)).toMatch(/injected store fault/);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        ready: false,
        checks: {
          ledger: { ok: false, error: expect.stringMatching(/the store failed.*injected store fault/) },
        },
      });
      // Every later append is refused too: the ledger does not recover in process.
      expect((await post(base, genesis(new Actor()).bytes)).status).toBe(503);
    } finally {
      await b.close();
    }
    const db = new Database(join(dataDir, "ledger.db"));
    db.exec("DROP TRIGGER fault");
    db.close();
    const again = await startBackend(config());
    try {
      const base = again.urls.http[1] as string;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await fetch(`${base}/v1/objects/${kept.id}`)).status).toBe(200);
      expect((await fetch(`${base}/v1/objects/${lost.id}`)).status).toBe(404);
      expect((await post(base, lost.bytes)).status).toBe(201); // the client's retry now lands
    } finally {
      await again.close();
    }
  });
});
