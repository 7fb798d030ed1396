import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A pseudo-terminal pair from socat (two ptys wired to each other, raw, no echo): what a USB-serial
 * cable looks like to both ends. Resolves once socat says it is forwarding.
 */
export async function socatPair(): Promise<{ mcu: string; host: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "tet-fw-pty-"));
  const mcu = join(dir, "mcu");
  const host = join(dir, "host");
  const child = spawn("socat", ["-d", "-d", `pty,raw,echo=0,link=${mcu}`, `pty,raw,echo=0,link=${host}`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let err = "";
    child.stderr.on("data", (b: Buffer) => {
      err += b.toString();
      if (err.includes("starting data transfer loop")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`socat exited with ${code}: ${err}`)));
  });
  return {
    mcu,
    host,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
