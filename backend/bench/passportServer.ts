// Benchmark child: serves the passport API over the ledger file argv[2] on one pinned core (the
// parent starts it under `taskset`), or with argv[3] = "static" a trivial server that answers every
// GET with a fixed body of argv[4] bytes (the harness floor). Sends `{ port }` over IPC; on "stats"
// replies with the event-loop delay, GC pauses, requests, CPU time and page faults since the previous
// "stats" (CPU µs per request and involuntary context switches separate the server's own cost from
// other tenants' preemption on a shared machine).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { serveApi } from "../src/index.js";
import { openBenchLedger } from "./passportHistory.js";

const [file, mode, bodySize] = process.argv.slice(2);
const send = (m: unknown) => (process.send as (m: unknown) => void)(m);
let gc: number[] = [];
let major: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc.push(e.duration);
    const kind = (e as { detail?: { kind?: number } }).detail?.kind;
    if (kind !== constants.NODE_PERFORMANCE_GC_MINOR) major.push(e.duration);
  }
}).observe({ entryTypes: ["gc"] });
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();

let requests = 0;
let usage = process.resourceUsage();
let port: number;
if (mode === "static") {
  const body = Buffer.alloc(Number(bodySize), "x");
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  server.on("request", () => requests++);
  port = (server.address() as AddressInfo).port;
} else {
  const sl = await openBenchLedger(file as string);
  // PASSPORT_BENCH_CACHE: the passport cache size (0 = off); the API's default otherwise.
  const cache = process.env.PASSPORT_BENCH_CACHE;
  const api = await serveApi({
    ledger: sl,
    port: 0,
    host: "127.0.0.1",
    rateLimit: false,
    web: false,
    ...(cache === undefined ? {} : { passportCache: Number(cache) || false }),
  });
  api.server.on("request", () => requests++);
  port = api.port;
}
process.on("message", (m) => {
  if (m !== "stats") return;
  const pauses = gc.sort((a, b) => a - b);
  const u = process.resourceUsage();
  send({
    requests,
    cpuPerRequest:
      (u.userCPUTime + u.systemCPUTime - usage.userCPUTime - usage.systemCPUTime) / Math.max(1, requests),
    minorFaults: u.minorPageFault - usage.minorPageFault,
    majorFaults: u.majorPageFault - usage.majorPageFault,
    preempted: u.involuntaryContextSwitches - usage.involuntaryContextSwitches,
    loopP99: loop.percentile(99) / 1e6,
    loopMax: loop.max / 1e6,
    gcCount: pauses.length,
    gcMax: pauses[pauses.length - 1] ?? 0,
    gcTotal: pauses.reduce((a, b) => a + b, 0),
    majorCount: major.length,
    majorMax: Math.max(0, ...major),
    rss: process.memoryUsage().rss,
    heap: process.memoryUsage().heapUsed,
  });
  gc = [];
  major = [];
  requests = 0;
  usage = u;
  loop.reset();
});
process.on("disconnect", () => process.exit(0));
send({ port });
