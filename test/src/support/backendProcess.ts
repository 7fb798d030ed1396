import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

const root = new URL("../../../", import.meta.url).pathname;
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of live) c.kill("SIGKILL");
});

/** A `tet-backend serve` child process: its pid, the URLs of its ready line, its stderr, its exit. */
export interface BackendProcess {
  child: ChildProcess;
  pid: number;
  ready: { http: string[]; mqtt: string[]; logKey: string };
  /** The last 64 KiB of stderr (pino JSON lines, one-line refusals). */
  stderr(): string;
  exited: Promise<number | string>;
  stop(): Promise<number | string>;
}

/**
 * Starts `tet-backend serve` from the sources (tsx) with `TET_*` variables and waits for its
 * `{"ready":…}` line; rejects with its stderr if it exits first.
 */
export async function startBackendProcess(env: Record<string, string>): Promise<BackendProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=@tet/source", "--import", "tsx", "backend/src/bin/tet-backend.ts", "serve"],
    { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  live.add(child);
  let err = "";
  child.stderr?.on("data", (c) => {
    err = (err + c).slice(-65_536);
  });
  const exited = new Promise<number | string>((r) =>
    child.once("exit", (code, signal) => {
      live.delete(child);
      r(code ?? (signal as string));
    }),
  );
  const ready = await new Promise<BackendProcess["ready"]>((resolve, reject) => {
    void exited.then((code) => reject(new Error(`tet-backend serve exited ${code}: ${err}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (l) => {
      if (l.startsWith('{"ready"')) resolve(JSON.parse(l));
    });
  });
  return {
    child,
    pid: child.pid as number,
    ready,
    stderr: () => err,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
