// Agent benchmarks: durable outbox appends (one fsync per entry, and batched), and the footprint of
// an idle running agent with the simulated drivers — RSS (VmRSS from /proc/PID/status after warm-up)
// and CPU % over ~10 s (utime + stime from /proc/PID/stat) — against a real Mosquitto when installed.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import {
  didKeyFromPublicKey,
  generatePrivateKey,
  objectIdFromGenesis,
  objectIdToText,
  signStatement,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { report } from "../../scripts/bench/report.js";
import { createKeyFile, Outbox } from "../src/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tet-agent-bench-"));
const device = nodeSigner(generatePrivateKey());
const obj = new Uint8Array(16).fill(3);
const draft = (n: number) =>
  ({
    v: 1,
    t: "state",
    ts: Date.now(),
    obj,
    readings: { temperature: { v: 20 + n / 1000, u: "Cel" } },
  }) as const;

function outboxThroughput(): void {
  const ob = Outbox.open({
    dir: join(dir, "ob1"),
    objectId: obj,
    signer: device,
    window: 1_000_000,
    maxBytes: 1 << 30,
  });
  let n = 0;
  let start = performance.now();
  while (performance.now() - start < 2000) ob.add([draft(n++)]);
  report({
    suite: "agent",
    name: "outbox append, fsync per entry",
    value: (n * 1000) / (performance.now() - start),
    unit: "entries/s",
    note: "signed + fsync'd",
  });
  ob.close();
  const ob2 = Outbox.open({
    dir: join(dir, "ob2"),
    objectId: obj,
    signer: device,
    window: 1_000_000,
    maxBytes: 1 << 30,
  });
  n = 0;
  start = performance.now();
  while (performance.now() - start < 2000) {
    const batch = Array.from({ length: 100 }, () => draft(n++));
    ob2.add(batch);
  }
  report({
    suite: "agent",
    name: "outbox append, batches of 100",
    value: (n * 1000) / (performance.now() - start),
    unit: "entries/s",
    note: "one fsync per batch",
  });
  ob2.close();
}

function hasMosquitto(): boolean {
  try {
    execFileSync("sh", ["-c", "command -v mosquitto"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const lineMatching = (child: ChildProcess, re: RegExp) =>
  new Promise<void>((resolve) =>
    createInterface({ input: child.stderr! }).on("line", (l) => re.test(l) && resolve()),
  );

const ticks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(f[11]) + Number(f[12]); // utime + stime (fields 14, 15 of proc(5))
};
const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);

async function idleFootprint(): Promise<void> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  let broker: ChildProcess | undefined;
  if (hasMosquitto()) {
    writeFileSync(
      join(dir, "m.conf"),
      `listener ${port}\nallow_anonymous true\npersistence false\nlog_dest stderr\n`,
    );
    broker = spawn("mosquitto", ["-c", join(dir, "m.conf")], { stdio: ["ignore", "ignore", "pipe"] });
    await lineMatching(broker, /running/);
  }
  const keyPath = join(dir, "device.pem");
  const { publicKey } = createKeyFile(keyPath);
  const owner = nodeSigner(generatePrivateKey());
  const genesis = signStatement(
    {
      v: 1,
      t: "genesis",
      ts: Date.now(),
      owner: didKeyFromPublicKey(owner.publicKey),
      class: "coworking-desk",
      deviceKeys: [publicKey],
      nonce: new Uint8Array(8).fill(1),
    },
    owner,
  );
  writeFileSync(join(dir, "genesis.cose"), genesis);
  writeFileSync(
    join(dir, "tet-agent.toml"),
    `[agent]\nobject = "${objectIdToText(objectIdFromGenesis(genesis))}"\nkey = "device.pem"\ngenesis = "genesis.cose"\n` +
      `[broker]\nurl = "mqtt://[::1]:${port}"\nlog_key = "${didKeyFromPublicKey(owner.publicKey)}"\n` +
      ["desk", "climate", "energy"]
        .map((d) => `[[sensor]]\ndriver = "${d}"\ninterval = 10\nheartbeat = 300\n`)
        .join(""),
  );
  // What a user runs: the bin shim, whose shebang sets the small-device V8 flags (agent/README.md).
  const compiled = join(root, "agent/dist/bin/tet-agent.js");
  const [file, args] = existsSync(compiled)
    ? [join(root, "agent/bin/tet-agent.js"), []]
    : [
        process.execPath,
        ["--conditions=@tet/source", "--import", "tsx", join(root, "agent/src/bin/tet-agent.ts")],
      ];
  const agent = spawn(file, [...args, "run", "--config", join(dir, "tet-agent.toml")], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
  });
  await lineMatching(agent, broker ? /link connected/ : /tet-agent running/);
  await new Promise((r) => setTimeout(r, 3000)); // warm-up: JIT, first readings, first statements
  const hz = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
  const t0 = ticks(agent.pid!);
  const w0 = performance.now();
  await new Promise((r) => setTimeout(r, 10_000));
  const cpu = ((ticks(agent.pid!) - t0) / hz / ((performance.now() - w0) / 1000)) * 100;
  const rss = rssKb(agent.pid!) / 1024;
  const how = `${existsSync(compiled) ? "bin (dist)" : "tsx"}, 3 simulated sensors, ${broker ? "Mosquitto" : "no broker"}`;
  report({ suite: "agent", name: "idle agent RSS", value: rss, unit: "MB", target: "< 60", note: how });
  report({ suite: "agent", name: "idle agent CPU", value: cpu, unit: "%", target: "≈ 0", note: "over 10 s" });
  agent.kill("SIGTERM");
  broker?.kill("SIGTERM");
}

try {
  outboxThroughput();
  await idleFootprint();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
