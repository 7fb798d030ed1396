import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));

/** A `tet-backend serve` child process, once it printed its ready line. */
export interface ServeChild {
  child: ChildProcess;
  pid: number;
  /** `http://127.0.0.1:PORT`. */
  http: string;
  mqttPort: number;
  wsPort: number | undefined;
  /** Every stderr line so far (the backend's JSON log lines). */
  stderr: string[];
  /** Resolves with the exit code, or the signal's name. */
  exited: Promise<number | string>;
  /** Resident set size now, from /proc (bytes). */
  rss(): number;
  /** One counter of /metrics: the sample whose line starts with `prefix` (0 when absent). */
  metric(prefix: string): Promise<number>;
  /** GET /readyz's status. */
  ready(): Promise<number>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | string>;
}

const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of live) c.kill("SIGKILL");
});

/**
 * Starts `tet-backend serve` from the TypeScript sources as its own process (as `npm start` and
 * the issue reproductions run it) on free ports with the chain off, with extra environment, and
 * waits for its ready line on stdout.
 */
export async function serveBackend(env: Record<string, string>): Promise<ServeChild> {
  const child = spawn(
    process.execPath,
    ["--conditions=@tet/source", "--import", "tsx", "backend/src/bin/tet-backend.ts", "serve"],
    {
      cwd: root,
      env: {
        ...process.env,
        TET_HTTP_PORT: "0",
        TET_MQTT_PORT: "0",
        TET_WS_PORT: "0",
        TET_CHAIN: "off",
        TET_LOG_LEVEL: "warn",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  live.add(child);
  const stderr: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (l) => {
    stderr.push(l);
    if (stderr.length > 2000) stderr.shift();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => {
      live.delete(child);
      resolve(code ?? (signal as string));
    }),
  );
  const ready = await new Promise<{ http: string[]; mqtt: string[]; ws?: string }>((resolve, reject) => {
    void exited.then((code) =>
      reject(new Error(`tet-backend serve exited ${code}: ${stderr.slice(-20).join("\n")}`)),
    );
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (l) => {
      if (l.startsWith('{"ready"')) resolve(JSON.parse(l));
    });
  });
  const http = ready.http[1] as string;
  const pid = child.pid as number;
  return {
    child,
    pid,
    http,
    mqttPort: Number(new URL(ready.mqtt[1] as string).port),
    wsPort: ready.ws ? Number(new URL(ready.ws).port) : undefined,
    stderr,
    exited,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) * 1024,
    async metric(prefix) {
      const text = await (await fetch(`${http}/metrics`)).text();
      const line = text.split("\n").find((l) => l.startsWith(prefix));
      return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(" ") + 1));
    },
    ready: async () => (await fetch(`${http}/readyz`)).status,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
