import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mosquittoProcess } from "@tet/agent/test-support";

/** A Mosquitto the test started; `stop`/`start` restart it on the same port. */
export interface Mosquitto {
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** Login and ACL: `users` (name → password) get a password file; otherwise anonymous with a pattern ACL. */
export interface MosquittoOptions {
  users?: Record<string, string>;
  /** The backend's user: reads every up and the subscribe log, writes every down. */
  backendUser: string;
  /** Listen on this address (default `::`, dual stack). */
  host?: string;
}

/**
 * Stops Mosquittos an earlier run of these tests left behind: orphans (parent pid 1) whose config
 * lives in one of our `tet-mosq-` folders. Nothing else is touched.
 */
function removeStaleMosquittos(): void {
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      const ppid = /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      if (cmd[0] === "mosquitto" && cmd[2]?.includes("/tet-mosq-") && ppid === "1")
        process.kill(Number(pid), "SIGTERM");
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "::1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real Mosquitto 2 for the tests: MQTT 5 and 3.1.1 on a free port, no persistence limits on
 * queued messages (`max_queued_messages 0`: 2.0's default of 1,000 drops QoS 1 to slow subscribers),
 * devices kept to their own topics by a pattern ACL on the username, the backend user allowed
 * `tet/v1/o/+/up`, every `down` and the subscribe log (`log_dest topic`).
 */
export async function startMosquitto(opts: MosquittoOptions): Promise<Mosquitto> {
  removeStaleMosquittos();
  const dir = mkdtempSync(join(tmpdir(), "tet-mosq-"));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const acl = [
    `user ${opts.backendUser}`,
    "topic read tet/v1/o/+/up",
    "topic write tet/v1/o/+/down",
    "topic read $SYS/broker/log/M/subscribe",
    "",
    "pattern write tet/v1/o/%u/up",
    "pattern read tet/v1/o/%u/down",
  ];
  writeFileSync(join(dir, "acl"), `${acl.join("\n")}\n`);
  const conf = [
    `listener ${port} ${opts.host ?? "::"}`,
    "persistence false",
    ...(process.getuid?.() === 0 ? ["user root"] : []),
    "max_queued_messages 0",
    "max_inflight_messages 0",
    `acl_file ${join(dir, "acl")}`,
    "log_dest stderr",
    "log_dest topic",
    "log_type error",
    "log_type warning",
    "log_type notice",
    "log_type information",
    "log_type subscribe",
  ];
  if (opts.users) {
    writeFileSync(join(dir, "passwd"), "");
    for (const [u, p] of Object.entries(opts.users))
      execFileSync("mosquitto_passwd", ["-b", join(dir, "passwd"), u, p]);
    conf.push("allow_anonymous false", `password_file ${join(dir, "passwd")}`);
  } else conf.push("allow_anonymous true");
  writeFileSync(join(dir, "mosquitto.conf"), `${conf.join("\n")}\n`);
  const { start, stop } = mosquittoProcess(join(dir, "mosquitto.conf"));
  await start();
  return {
    port,
    start,
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
