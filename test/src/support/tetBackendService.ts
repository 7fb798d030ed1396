import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of live) c.kill("SIGKILL");
});

/** A `tet-backend oracle|custodian` child process once it printed its ready line. */
export interface ServiceChild {
  child: ChildProcess;
  ready: Record<string, unknown>;
  stderr: string[];
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Starts `tet-backend COMMAND` from the TypeScript sources as its own process with `env` (its whole
 * configuration, as an operator's environment would be) and waits for its `{"ready":…}` line.
 */
export async function startService(command: string, env: Record<string, string>): Promise<ServiceChild> {
  const child = spawn(
    process.execPath,
    ["--conditions=@tet/source", "--import", "tsx", "backend/src/bin/tet-backend.ts", command],
    {
      cwd: root,
      env: { ...process.env, TET_LOG_LEVEL: "info", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  live.add(child);
  const stderr: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (l) => stderr.push(l));
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => {
      live.delete(child);
      resolve(code ?? (signal as string));
    }),
  );
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    void exited.then((code) =>
      reject(new Error(`tet-backend ${command} exited ${code}: ${stderr.slice(-10).join("\n")}`)),
    );
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (l) => {
      if (l.startsWith('{"ready"')) resolve(JSON.parse(l));
    });
  });
  return {
    child,
    ready,
    stderr,
    exited,
    kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A TCP port free right now on loopback (for services that must know each other's address up front). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
