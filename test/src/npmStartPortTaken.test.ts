import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missing, removeStaleNamespaces, until } from "./support/index.js";

// Another MQTT broker (a real Mosquitto) already on port 1883, then `npm start` as a user runs it:
// one line naming the port and the option that moves it, exit 2 — no stack trace. The pair runs in
// a network namespace of its own, so port 1883 is ours whatever else this machine listens on.
const root = new URL("../../", import.meta.url).pathname;
const skip = missing("root", "ip", "netns", "mosquitto");
const ns = `tet-${process.pid}-start`;
const dir = mkdtempSync(join(tmpdir(), "tet-npm-start-taken-"));
let mosquitto: ChildProcess | undefined;
const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "ignore", timeout: 10_000 });

beforeAll(async () => {
  if (skip) return;
  removeStaleNamespaces();
  ip("netns", "add", ns);
  ip("netns", "exec", ns, "ip", "link", "set", "lo", "up");
  const conf = join(dir, "mosquitto.conf");
  writeFileSync(
    conf,
    `listener 1883 ::\nallow_anonymous true\npersistence false\n${process.getuid?.() === 0 ? "user root\n" : ""}`,
  );
  let log = "";
  mosquitto = spawn("ip", ["netns", "exec", ns, "mosquitto", "-c", conf, "-v"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  mosquitto.stderr?.on("data", (c) => {
    log += c;
  });
  await until(() => /mosquitto version .* running/.test(log), "Mosquitto listening on 1883", { ms: 10_000 });
}, 30_000);
afterAll(async () => {
  if (mosquitto && mosquitto.exitCode === null) {
    const gone = new Promise((r) => mosquitto?.once("exit", r));
    mosquitto.kill("SIGTERM");
    await gone;
  }
  if (!skip) ip("netns", "del", ns);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skip)("npm start with another MQTT broker on port 1883", () => {
  it("prints one line naming port 1883 and TET_MQTT_PORT, and exits 2", { timeout: 120_000 }, async () => {
    const { TET_MQTT_PORT: _default, ...env } = process.env; // the default port, 1883
    const child = spawn("ip", ["netns", "exec", ns, process.execPath, join(root, "scripts/start.mjs")], {
      cwd: root,
      env: { ...env, TET_DATA: join(dir, "data"), TET_HTTP_PORT: "0", TET_WS_PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout?.on("data", (c) => {
      out += c;
    });
    child.stderr?.on("data", (c) => {
      err += c;
    });
    // Should it start after all, it must not outlive the test: SIGINT after 90 s, like Ctrl-C.
    const guard = setTimeout(() => child.kill("SIGINT"), 90_000);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    clearTimeout(guard);
    expect(err.split("\n").filter(Boolean), err).toEqual([
      "npm start: cannot start: mqtt_port (set TET_MQTT_PORT): port 1883 is in use: stop what listens there, or choose another port (0 = any free one)",
    ]);
    expect(out).toBe("");
    expect(code).toBe(2);
  });
});
