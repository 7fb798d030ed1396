// The agent's footprint for the ingest bench: the real `tet-agent` against an embedded broker.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ingest, SqliteStore, StatementLedger, startBroker } from "@tet/backend";
import {
  decodeKeyFile,
  didKeyFromPublicKey,
  generatePrivateKey,
  objectIdFromGenesis,
  objectIdToText,
  publicKeyOf,
  signStatement,
} from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";

/**
 * The real `tet-agent` command (compiled dist/, with the flags of its bin script), enrolled and run
 * from the files `tet-agent keygen` and `tet-agent init` write, with its default simulated sensor,
 * connected to an embedded broker: its RSS, and its CPU over 10 s of being connected.
 */
export async function agentFootprint(): Promise<{ rssMiB: number; idleCpuPct: number }> {
  const dir = mkdtempSync(join(tmpdir(), "tet-agent-bench-"));
  const logKey = nodeSigner(generatePrivateKey());
  const store = await SqliteStore.open(join(dir, "ledger.db"));
  const ledger = await StatementLedger.open({
    store,
    origin: "bench.tet/log",
    signer: logKey,
    verifier: nodeVerifier,
  });
  const ingest = new Ingest({ ledger, signer: logKey, verify: { threads: 0 }, log: () => undefined });
  const broker = await startBroker({ ingest, store, port: 0, hosts: ["::1"], log: () => undefined });
  const agentBin = new URL("../../agent/bin/tet-agent.js", import.meta.url).pathname;
  const run = (...args: string[]) => {
    const r = spawnSync(agentBin, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`tet-agent ${args.join(" ")}: ${r.stderr}`);
  };
  const keyFile = join(dir, "device.pem");
  run("keygen", "--out", keyFile);
  const owner = nodeSigner(generatePrivateKey());
  const genesis = signStatement(
    {
      v: 1,
      t: "genesis",
      ts: Date.now(),
      owner: didKeyFromPublicKey(owner.publicKey),
      class: "air-sensor",
      deviceKeys: [publicKeyOf(decodeKeyFile(readFileSync(keyFile, "utf8")))],
      nonce: new Uint8Array(16).fill(7),
    },
    owner,
  );
  await ledger.append(genesis);
  const config = join(dir, "tet-agent.toml");
  run(
    "init",
    "--object",
    objectIdToText(objectIdFromGenesis(genesis)),
    "--log-key",
    didKeyFromPublicKey(logKey.publicKey),
    "--key",
    keyFile,
    "--broker",
    `mqtt://[::1]:${broker.port}`,
    "--out",
    config,
    "--data",
    join(dir, "agent-data"),
  );
  const child = spawn(agentBin, ["run", "--config", config], { stdio: "ignore" });
  const deadline = Date.now() + 30_000;
  while (ledger.log.size < 2) {
    if (Date.now() > deadline) throw new Error("the agent's first statement did not arrive in 30 s");
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 2000)); // past start-up
  const cpu = () => {
    const f = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return Number(f[11]) + Number(f[12]); // utime + stime, clock ticks
  };
  const c0 = cpu();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 10_000)); // the period being measured
  const ticks = cpu() - c0;
  const idleCpuPct = (ticks / 100 / ((performance.now() - t0) / 1000)) * 100;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGINT");
  await exited;
  await broker.close();
  await ingest.close();
  await ledger.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { rssMiB: Number(rss) / 1024, idleCpuPct };
}
