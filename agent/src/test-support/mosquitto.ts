import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { tempDir } from "./fixtures.js";
import { mosquittoProcess } from "./mosquittoProcess.js";

/**
 * Whether Debian's Mosquitto is installed. The link tests run against it; under CI=true a missing
 * Mosquitto is a failure (CI installs it), elsewhere the tests are skipped with this reason.
 */
export function mosquittoAvailable(): boolean {
  try {
    execFileSync("sh", ["-c", "command -v mosquitto"], { stdio: "ignore" });
    return true;
  } catch {
    if (process.env.CI === "true")
      throw new Error("CI=true but mosquitto is not installed (apt-get install mosquitto)");
    console.warn("skipping broker tests: mosquitto is not installed (apt-get install -y mosquitto)");
    return false;
  }
}

/** A free TCP port on loopback (bound and released: the broker takes it right after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "::1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Mosquitto {
  port: number;
  stop(): Promise<void>;
  /** Starts the broker again on the same port (after `stop`). */
  start(): Promise<void>;
  /** Stops the broker and removes its files. */
  close(): Promise<void>;
}

/**
 * Runs a real Mosquitto on a random port, listening on IPv6 and IPv4 loopback, without persistence
 * and with no limit on queued messages. `auth: "deny"` requires a password nobody has, so every
 * login is refused with "not authorized".
 */
export async function startMosquitto(opts: { auth?: "anonymous" | "deny" } = {}): Promise<Mosquitto> {
  const tmp = tempDir("tet-mosquitto-");
  const port = await freePort();
  const conf = join(tmp.dir, "mosquitto.conf");
  const lines = [
    `listener ${port}`,
    "persistence false",
    // Run as root, Mosquitto drops to user "mosquitto", which cannot read our 0700 temp folder.
    ...(process.getuid?.() === 0 ? ["user root"] : []),
    "max_queued_messages 0",
    "log_dest stderr",
    "log_type error",
    "log_type warning",
    "log_type notice",
    "log_type information",
  ];
  if (opts.auth === "deny") {
    writeFileSync(join(tmp.dir, "passwd"), "");
    execFileSync("mosquitto_passwd", ["-b", join(tmp.dir, "passwd"), "someone-else", "secret"]);
    lines.push("allow_anonymous false", `password_file ${join(tmp.dir, "passwd")}`);
  } else lines.push("allow_anonymous true");
  writeFileSync(conf, `${lines.join("\n")}\n`);
  const { start, stop } = mosquittoProcess(conf);
  await start();
  return {
    port,
    start,
    stop,
    close: async () => {
      await stop();
      tmp.cleanup();
    },
  };
}
