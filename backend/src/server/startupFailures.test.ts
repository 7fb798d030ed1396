import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { backendConfig } from "./backendConfig.js";
import { serve } from "./serveCommand.js";
import { startBackend } from "./startBackend.js";

// Each way the operator can get the start wrong: one line on stderr naming the problem and the
// option that fixes it, exit 2 — never a stack trace, never "ready" with every write failing.

const root = mkdtempSync(join(tmpdir(), "tet-startup-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${++n}`);

/** Runs `tet-backend serve` in process with a fresh data directory unless given; returns code and stderr. */
async function run(flags: Record<string, string>): Promise<{ code: number; err: string; out: string }> {
  let err = "";
  let out = "";
  const args = Object.entries({
    data: freshDir(),
    "http-port": "0",
    "mqtt-port": "0",
    "ws-port": "0",
    chain: "off",
    "log-level": "silent",
    ...flags,
  }).flatMap(([k, v]) => [`--${k}`, v]);
  const code = await serve.run(args, {
    stdout: (s) => {
      out += String(s);
    },
    stderr: (s) => {
      err += String(s);
    },
    readStdin: async () => new Uint8Array(),
  });
  return { code, err, out };
}

/** Exit 2, exactly one line, matching `re`, nothing on stdout (no "ready"). */
function refused(r: { code: number; err: string; out: string }, re: RegExp): void {
  expect(r.out).toBe("");
  expect(r.err.split("\n").filter(Boolean), r.err).toHaveLength(1);
  expect(r.err).toMatch(re);
  expect(r.code).toBe(2);
}

const occupy = (): Promise<Server & { port: number }> =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen({ port: 0, host: "::", ipv6Only: false }, () =>
      resolve(Object.assign(s, { port: (s.address() as { port: number }).port })),
    );
  });

describe("tet-backend serve refuses to start, in one line, exit 2", () => {
  it("a port in use: HTTP and MQTT", async () => {
    const s = await occupy();
    try {
      refused(
        await run({ "http-port": String(s.port) }),
        new RegExp(
          `^tet-backend serve: cannot start: http_port \\(--http-port, TET_HTTP_PORT\\): port ${s.port} is in use`,
        ),
      );
      refused(
        await run({ "mqtt-port": String(s.port) }),
        new RegExp(
          `^tet-backend serve: cannot start: mqtt_port \\(--mqtt-port, TET_MQTT_PORT\\): port ${s.port} is in use`,
        ),
      );
    } finally {
      s.close();
    }
  });

  it("a corrupt ledger.db", async () => {
    const data = freshDir();
    mkdirSync(data);
    writeFileSync(join(data, "ledger.db"), "this is not an SQLite database, it is garbage ".repeat(200));
    refused(
      await run({ data }),
      /^tet-backend serve: cannot start: data \(--data, TET_DATA\): .*ledger\.db is not a usable SQLite ledger \(file is not a database\)/,
    );
  });

  it("an unusable data directory: a file, or below a file", async () => {
    const file = join(root, "plain-file");
    writeFileSync(file, "x");
    refused(
      await run({ data: file }),
      /^tet-backend serve: cannot start: data \(--data, TET_DATA\): .*plain-file cannot be used as the data directory/,
    );
    refused(
      await run({ data: join(file, "below") }),
      /cannot start: data \(--data, TET_DATA\): .*cannot be used as the data directory \(ENOTDIR/,
    );
  });

  it("an unreachable PostgreSQL", async () => {
    const s = await occupy(); // a port we know, then closed: nothing listens there
    const port = s.port;
    await new Promise((r) => s.close(r));
    refused(
      await run({ pg: `postgres://tet:secret@127.0.0.1:${port}/tet` }),
      /^tet-backend serve: cannot start: pg \(--pg, TET_PG\): cannot reach PostgreSQL at postgres:\/\/tet:\*\*\*@127\.0\.0\.1:\d+\/tet \(ECONNREFUSED\)/,
    );
  });

  it("a chain that will not start: a damaged local chain state, an RPC endpoint that does not answer", async () => {
    const data = freshDir();
    mkdirSync(join(data, "chain"), { recursive: true });
    writeFileSync(join(data, "chain", "anvil-state.json"), "{ not json");
    refused(
      await run({ data, chain: "anvil" }),
      /^tet-backend serve: cannot start: chain \(--chain, TET_CHAIN\): the local chain did not start \(.*failed to parse json file.*\): move .*anvil-state\.json away to start a new chain, or run without one \(--chain off\)$/m,
    );
    const s = await occupy(); // a port we know, then closed: nothing answers there
    await new Promise((r) => s.close(r));
    const key = join(root, "chain-key");
    writeFileSync(key, `0x${"11".repeat(32)}\n`);
    const deployment = join(root, "deployment.json");
    writeFileSync(deployment, "{}");
    refused(
      await run({
        chain: "rpc",
        "chain-rpc": `http://127.0.0.1:${s.port}`,
        "chain-key": key,
        "chain-deployment": deployment,
      }),
      /^tet-backend serve: cannot start: chain_rpc \(--chain-rpc, TET_CHAIN_RPC\): the chain at http:\/\/127\.0\.0\.1:\d+\/ does not answer \(no JSON-RPC answer/,
    );
  });

  it("an empty secret: --mqtt-password '' or an empty backend-token file", async () => {
    refused(
      await run({ "mqtt-password": "" }),
      /^tet-backend serve: configuration: mqtt_password \(--mqtt-password, TET_MQTT_PASSWORD\) is empty/,
    );
    const data = freshDir();
    mkdirSync(data);
    writeFileSync(join(data, "backend-token"), "\n");
    refused(
      await run({ data }),
      /^tet-backend serve: cannot start: .*backend-token: is empty, and an empty secret lets anyone log in as the backend/,
    );
  });

  it("an origin that is empty or has a space (it names every checkpoint's note key)", async () => {
    for (const origin of ["", "my log", "a+b"])
      refused(
        await run({ origin }),
        /^tet-backend serve: configuration: origin \(--origin, TET_ORIGIN\) must be one word/,
      );
  });

  it("a second backend on the same data directory", async () => {
    const dataDir = freshDir();
    const first = await startBackend(
      backendConfig({}, { dataDir, httpPort: 0, mqttPort: 0, wsPort: 0, chain: "off" }),
    );
    try {
      refused(
        await run({ data: dataDir }),
        /^tet-backend serve: cannot start: data \(--data, TET_DATA\): .* is in use by another tet-backend \(backend\.lock is locked\)/,
      );
      // The first one still works: it was not disturbed by the attempt.
      expect((await fetch(`${first.urls.http[1]}/readyz`)).status).toBe(200);
    } finally {
      await first.close();
    }
    // Released with the first: the directory can be taken again.
    const again = await startBackend(
      backendConfig({}, { dataDir, httpPort: 0, mqttPort: 0, wsPort: 0, chain: "off" }),
    );
    await again.close();
  });
});
