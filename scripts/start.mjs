#!/usr/bin/env node
// `npm start`: the whole system on its embedded defaults, driven only through the project's own
// commands, the way an operator would run it: the backend (`tet-backend serve`: SQLite ledger, aedes
// broker and ingest, passport API and web UI, local Anvil with the contracts), then a few demo
// devices — each an avatar created by a demo owner with `tet avatar create` and a real `tet-agent`
// with a simulated sensor. State lives in ./data (TET_DATA); a second start reuses it. Ctrl-C stops
// everything.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { startEconomy, tellStory } from "./demo/index.mjs";

const root = new URL("..", import.meta.url).pathname;
const bin = {
  backend: join(root, "backend/bin/tet-backend.js"),
  tet: join(root, "backend/bin/tet.js"),
  agent: join(root, "agent/bin/tet-agent.js"),
};
const dataDir = resolve(process.env.TET_DATA ?? "data");
const demoDir = join(dataDir, "demo");
const DEMO = [
  { name: "desk-1", class: "desk", title: "Coworking desk 1", driver: "desk", model: "SitStand 2" },
  {
    name: "pool-1",
    class: "water-quality-sensor",
    title: "Resort pool water quality",
    driver: "water",
    model: "PoolProbe 5",
  },
  {
    name: "charger-1",
    class: "ev-charger",
    title: "EV charger bay 3",
    // Billed sessions in kWh: start-session closes the contactor, 22 kW flows, a step every 10 s.
    driver: "charger",
    options: "power = 22000\ntick = 10",
    model: "WallBox 22",
  },
];
/** Milliseconds between the demo story's steps (TET_DEMO_PACE; 0 tells it at once). */
const PACE = Number(process.env.TET_DEMO_PACE ?? 15_000);

const children = new Set();
const unclean = [];
let stopping = false;

function run(file, args) {
  const r = spawnSync(file, args, { encoding: "utf8", env: process.env });
  if (r.status !== 0) throw new Error(`${file} ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  return r.stdout.trim();
}

function start(file, args, label, env = {}) {
  const child = spawn(file, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, TET_DATA: dataDir, ...env },
  });
  child.label = label;
  children.add(child);
  const prefix = (line) => `${label.padEnd(10)} | ${line}\n`;
  createInterface({ input: child.stderr }).on("line", (l) => {
    // A refusal to start (one line naming the option, exit 2) is said once, by npm start itself.
    if (REFUSAL.test(l)) child.refusal = l;
    else if (child.held) child.held.push(prefix(readable(l)));
    else process.stderr.write(prefix(readable(l)));
  });
  // Until it is ready, a child's log is held: a refusal to start is then the only line printed.
  child.release = () => {
    for (const l of child.held ?? []) process.stderr.write(l);
    child.held = undefined;
  };
  child.on("exit", (code, signal) => {
    children.delete(child);
    if (child.refusal && code === 2) return;
    if (!stopping) process.stderr.write(prefix(`exited (${signal ?? code})`));
    else if (code !== 0) unclean.push(`${label} exited with ${signal ?? code}`);
  });
  return child;
}

/** How `tet-backend serve` and `tet-agent` say they cannot start: `PROGRAM: cannot start: OPTION (--flag, ENV): why`. */
const REFUSAL = /^(tet-backend serve|tet-agent run|error [A-Z_]+): (cannot start|configuration)?/;

/**
 * A start-up refusal as npm start says it: the option is moved with its environment variable here
 * (npm start passes the environment on, not flags), so `mqtt_port (--mqtt-port, TET_MQTT_PORT):
 * port 1883 is in use…` becomes `npm start: cannot start: mqtt_port (set TET_MQTT_PORT): port 1883…`.
 */
function refusalLine(line) {
  const text = line
    .replace(/^tet-backend serve: /, "")
    .replace(/ \(--[a-z0-9-]+, (TET_[A-Z0-9_]+)\)/g, " (set $1)");
  return `npm start: ${text}\n`;
}

const LEVELS = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

/** The backend logs pino JSON lines (for log collectors); the console shows them as text. */
function readable(line) {
  if (!line.startsWith("{")) return line;
  try {
    const { level, component, msg } = JSON.parse(line);
    return `${LEVELS[level] ?? level} ${component ? `${component}: ` : ""}${msg ?? ""}`;
  } catch {
    return line;
  }
}

/** A backend that exited before it was ready for another reason: its held log lines, then why. */
function failedEarly(child, code) {
  child.release();
  return new Error(`the backend exited (${code}) before it was ready`);
}

async function startBackend() {
  const child = start(process.execPath, [bin.backend, "serve", "--data", dataDir], "backend");
  child.held = [];
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise((resolveReady, reject) => {
    child.once("exit", (code) =>
      reject(
        child.refusal && code === 2
          ? Object.assign(new Error(refusalLine(child.refusal)), { refusal: true })
          : failedEarly(child, code),
      ),
    );
    lines.on("line", (line) => {
      try {
        const msg = JSON.parse(line);
        if (msg.ready) {
          child.release();
          resolveReady(msg);
        }
      } catch {
        process.stdout.write(`backend    | ${line}\n`);
      }
    });
  });
  return ready;
}

/** A demo device's `[[sensor]]` driver line and its options. */
const sensorLines = (d) => `driver = "${d.driver}"${d.options ? `\n${d.options}` : ""}`;

/** Creates the demo owner and avatars once; later starts find them in data/demo. */
function enrolDemoDevices(backend) {
  const api = backend.http[0];
  mkdirSync(demoDir, { recursive: true });
  const ownerKey = join(demoDir, "owner.pem");
  if (!existsSync(ownerKey)) run(process.execPath, [bin.tet, "keygen", "--out", ownerKey]);
  const devices = [];
  for (const d of DEMO) {
    const dir = join(demoDir, d.name);
    const config = join(dir, "tet-agent.toml");
    if (!existsSync(config)) {
      mkdirSync(dir, { recursive: true });
      const key = join(dir, "device.pem");
      if (!existsSync(key)) run(bin.agent, ["keygen", "--out", key]);
      const created = JSON.parse(
        run(process.execPath, [
          bin.tet,
          "avatar",
          "create",
          "--api",
          api,
          "--key",
          ownerKey,
          "--class",
          d.class,
          "--name",
          d.title,
          "--model",
          d.model,
          "--manufacturer",
          "TET demo",
          "--device-keys",
          key,
        ]),
      );
      run(bin.agent, [
        "init",
        "--object",
        created.id,
        "--log-key",
        backend.logKey,
        "--key",
        key,
        "--broker",
        backend.mqtt[0],
        "--out",
        config,
        "--data",
        join(dir, "agent-data"),
      ]);
      // The generated file has one simulated climate sensor; each demo device gets its own driver.
      const text = readFileSync(config, "utf8").replace(/driver = "climate"[^\n]*/, sensorLines(d));
      writeFileSync(config, text.replace(/^interval = 10$/m, "interval = 5"));
      writeFileSync(join(dir, "object.json"), `${JSON.stringify(created, null, 2)}\n`);
    }
    // Data made before the charger was billed ran a plain energy meter: give it the charger's driver.
    const text = readFileSync(config, "utf8");
    if (d.name === "charger-1" && text.includes('driver = "energy"'))
      writeFileSync(config, text.replace(/driver = "energy"[^\n]*/, sensorLines(d)));
    devices.push({ ...d, config, ...JSON.parse(readFileSync(join(dir, "object.json"), "utf8")) });
  }
  return devices;
}

async function main() {
  process.on("SIGINT", () => stop());
  process.on("SIGTERM", () => stop());
  const backend = await startBackend();
  const devices = enrolDemoDevices(backend);
  // The broker's port may differ from the one in the agents' files (TET_MQTT_PORT=0): say it again.
  const brokerEnv = { TET_AGENT_BROKER_URL: backend.mqtt[0], TET_AGENT_BROKER_LOG_KEY: backend.logKey };
  for (const d of devices) start(bin.agent, ["run", "--config", d.config], d.name, brokerEnv);
  const economy = backend.rpc
    ? await startEconomy({ backendBin: bin.backend, backend, dataDir, start })
    : undefined;
  const lines = [
    "",
    "TET Avatars is running.",
    `  web UI and API   ${backend.http.join("  ")}`,
    `  operations       ${backend.http[0]}/metrics  ${backend.http[0]}/healthz  ${backend.http[0]}/readyz`,
    `  MQTT             ${backend.mqtt.join("  ")}${backend.ws ? `  ${backend.ws}` : ""}`,
    `  chain (Anvil)    ${backend.rpc ?? "off"}`,
    ...(economy ? [`  oracle           ${economy.oracle}`, `  custodian        ${economy.custodian}`] : []),
    `  log key          ${backend.logKey}`,
    "  demo devices:",
    ...devices.map((d) => `    ${d.name.padEnd(10)} ${d.id}  ${backend.http[0]}/o/${d.id}`),
    `  data             ${dataDir}`,
    "Press Ctrl-C to stop.",
    "",
  ];
  process.stdout.write(lines.join("\n"));
  const log = (line) => process.stderr.write(`${"demo".padEnd(10)} | ${line}\n`);
  if (process.env.TET_DEMO_STORY !== "off")
    void tellStory({
      api: backend.http[0],
      backend: { ...backend, dataDir },
      economy,
      demoDir,
      devices,
      pace: PACE,
      log,
    }).then(
      () => log("story: told (data/demo/story.json); open the avatars' pages to see it"),
      (e) => log(`story: stopped: ${e.message}`),
    );
}

/** Ends children with SIGTERM, waiting for each exit; one still running after 10 s gets SIGKILL. */
async function terminate(list) {
  await Promise.all(
    list.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const kill = setTimeout(() => {
            unclean.push(`${c.label} did not stop in 10 s`);
            c.kill("SIGKILL");
          }, 10_000);
          c.once("exit", () => {
            clearTimeout(kill);
            resolve();
          });
          c.kill("SIGTERM");
        }),
    ),
  );
}

/** Ctrl-C: the agents first (they close their outboxes), then the backend; exit 0 only if all stopped cleanly. */
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  process.stdout.write("\nstopping…\n");
  const backend = [...children].filter((c) => c.label === "backend");
  await terminate([...children].filter((c) => c.label !== "backend"));
  await terminate(backend);
  if (unclean.length > 0) process.stderr.write(`npm start: ${unclean.join("; ")}\n`);
  else process.stdout.write("stopped.\n");
  process.exit(unclean.length > 0 ? 1 : code);
}

main().catch((e) => {
  if (e.refusal) {
    // One line, exit 2: what the operator must change, nothing else (no stack, no "stopping…").
    process.stderr.write(e.message);
    stopping = true;
    terminate([...children]).then(() => process.exit(2));
    return;
  }
  process.stderr.write(`npm start: ${e.message}\n`);
  stop(1);
});
