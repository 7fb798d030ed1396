import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embeddedPostgres.js";
import { postgresBinaries } from "./postgresBinaries.js";

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe("startEmbeddedPostgres", { timeout: 120_000 }, () => {
  it("starts a real server, creates a database, and deletes everything on stop", async () => {
    const server = await startEmbeddedPostgres();
    const url = await server.createDatabase("probe");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query("SELECT current_database() AS db, 1 + 1 AS two");
    await client.end();
    expect(rows[0]).toEqual({ db: "probe", two: 2 });
    await server.stop();
    await expect(new pg.Client({ connectionString: url }).connect()).rejects.toThrow();
  });

  it("fails with the reason, not a hang, when the server cannot be run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tet-pg-bad-"));
    temps.push(dir);
    const notAProgram = join(dir, "initdb");
    writeFileSync(notAProgram, "not a program", { mode: 0o644 });
    await expect(
      startEmbeddedPostgres({ binaries: { initdb: notAProgram, postgres: notAProgram } }),
    ).rejects.toThrow(/cannot run .*initdb/);
  });

  it.skipIf(userInfo().uid !== 0)(
    "as root, runs binaries that sit under a 0700 directory from a world-readable copy",
    async () => {
      // A checkout under /root or a `mktemp -d` folder: the server's user cannot reach node_modules.
      const installed = await postgresBinaries();
      const native = dirname(dirname(installed.postgres));
      const privateDir = mkdtempSync(join(tmpdir(), "tet-pg-private-"));
      const copies = mkdtempSync(join(tmpdir(), "tet-pg-copies-"));
      chmodSync(copies, 0o755); // like the system temp directory, which the real copy goes to
      temps.push(privateDir, copies);
      const pkgDir = join(privateDir, "node_modules", "pkg");
      mkdirSync(pkgDir, { recursive: true });
      cpSync(native, join(pkgDir, "native"), { recursive: true, verbatimSymlinks: true });
      cpSync(join(native, "..", "package.json"), join(pkgDir, "package.json"));
      expect(statSync(privateDir).mode & 0o777).toBe(0o700);
      const hidden = {
        initdb: join(pkgDir, "native", "bin", "initdb"),
        postgres: join(pkgDir, "native", "bin", "postgres"),
      };
      const bin = await postgresBinaries({ installed: hidden, copyDir: copies });
      expect(bin.initdb.startsWith(copies)).toBe(true);
      expect(existsSync(join(dirname(dirname(bin.initdb)), ".complete"))).toBe(true);
      const server = await startEmbeddedPostgres({ binaries: bin });
      const client = new pg.Client({ connectionString: server.url() });
      await client.connect();
      expect((await client.query("SELECT 1 AS one")).rows[0]).toEqual({ one: 1 });
      await client.end();
      await server.stop();
      // Without the copy, the same binaries fail, with the reason.
      await expect(
        startEmbeddedPostgres({ binaries: { ...hidden, ...(bin.runAs ? { runAs: bin.runAs } : {}) } }),
      ).rejects.toThrow(/cannot run|exited/);
    },
  );
});
