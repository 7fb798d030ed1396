import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * Runs Debian's `mosquitto -c CONF` for tests: `start` resolves once the broker logs that it is
 * running (or rejects with its log if it exits), `stop` sends SIGTERM and waits for the exit, so a
 * test can restart the broker on the same port. Shared by the agent's link tests and test/.
 */
export function mosquittoProcess(confPath: string): { start(): Promise<void>; stop(): Promise<void> } {
  let child: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const c = spawn("mosquitto", ["-c", confPath], { stdio: ["ignore", "ignore", "pipe"] });
      child = c;
      const log: string[] = [];
      c.once("error", reject);
      c.once("exit", (code) => reject(new Error(`mosquitto exited with ${code}: ${log.join("\n")}`)));
      createInterface({ input: c.stderr as NodeJS.ReadableStream }).on("line", (line) => {
        log.push(line);
        if (/mosquitto version .* running/.test(line)) resolve();
      });
    });
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise((resolve) => c.once("exit", resolve));
    c.kill("SIGTERM");
    await gone;
  };
  return { start, stop };
}
