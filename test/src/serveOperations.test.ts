// `tet-backend serve` as an operator's supervisor sees it: a second backend on the same data directory
// exits 2 with one line (no stack trace, no "ready"), and a store that fails under a running backend
// makes it say why and exit 1, so that the supervisor restarts it on what is committed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Actor, genesis } from "@tet/backend/test-support";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startBackendProcess } from "./support/index.js";

const dir = mkdtempSync(join(tmpdir(), "tet-serve-ops-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = {
  TET_DATA: dir,
  TET_HTTP_PORT: "0",
  TET_MQTT_PORT: "0",
  TET_WS_PORT: "0",
  TET_CHAIN: "off",
  TET_LOG_LEVEL: "info",
};
const post = (http: string, bytes: Uint8Array) =>
  fetch(`${http}/v1/statements`, {
    method: "POST",
    headers: { "content-type": "application/cose" },
    body: Buffer.from(bytes),
  });

describe("tet-backend serve under a supervisor", { timeout: 120_000 }, () => {
  it("refuses a second backend on the same data directory; exits 1 when the store fails", async () => {
    const first = await startBackendProcess(env);
    const http = first.ready.http[1] as string;
    try {
      expect((await post(http, genesis(new Actor()).bytes)).status).toBe(201);
      const second = await startBackendProcess(env).then(
        () => {
          throw new Error("the second backend reported ready");
        },
        (e: Error) => e.message,
      );
      expect(second).toMatch(
        /^tet-backend serve exited 2: tet-backend serve: cannot start: data \(--data, TET_DATA\): .* is in use by another tet-backend/,
      );
      expect(second.trim().split("\n")).toHaveLength(1); // one line, no stack trace
      expect((await fetch(`${http}/readyz`)).status).toBe(200); // the first is undisturbed

      const db = new Database(join(dir, "ledger.db"));
      db.exec(
        "CREATE TRIGGER fault BEFORE INSERT ON entries BEGIN SELECT RAISE(ABORT, 'injected store fault'); END",
      );
      db.close();
      expect((await post(http, genesis(new Actor()).bytes)).status).toBe(503);
      expect(await first.exited).toBe(1);
      expect(first.stderr()).toMatch(
        /tet-backend serve: the ledger's store failed \(.*injected store fault.*\); exiting so that the supervisor restarts/,
      );
    } finally {
      await first.stop();
      const db = new Database(join(dir, "ledger.db"));
      db.exec("DROP TRIGGER IF EXISTS fault");
      db.close();
    }
    const restarted = await startBackendProcess(env); // the supervisor's restart
    try {
      expect((await fetch(`${restarted.ready.http[1]}/readyz`)).status).toBe(200);
    } finally {
      expect(await restarted.stop()).toBe(0);
    }
  });
});
