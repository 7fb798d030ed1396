import type { Server } from "node:http";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { MetricsSnapshot } from "../ingest/index.js";
import type { LedgerStore } from "../ledger/index.js";
import { OutboxDepths } from "./outboxDepths.js";

/** What the metrics read: each source is asked at scrape time, nothing is copied on the hot path. */
export interface MetricsSources {
  /** The ingest's counters (`Ingest.metrics()`). */
  ingest: () => MetricsSnapshot;
  /** The embedded broker's login and ACL counters, when it runs. */
  broker?: () => MetricsSnapshot;
  store: LedgerStore;
  /** The HTTP API's refusals by code (`HttpRefusals.counts`), when it serves. */
  http?: () => Record<string, number>;
  /** Bytes of the ledger on disk (SQLite file + WAL), when it is a file. */
  diskBytes?: () => number;
  now?: () => number;
}

/** Proof routes whose latency is measured, by path prefix. */
const PROOF_ROUTES: [RegExp, string][] = [
  [/^\/v1\/log\/proof\/inclusion/, "inclusion"],
  [/^\/v1\/log\/proof\/consistency/, "consistency"],
  [/^\/v1\/objects\/[^/]+\/bundle/, "bundle"],
];

/**
 * The backend's Prometheus metrics in a registry of its own (several backends in one process each
 * have theirs): ingest counters and a 10-second accepted rate, refusals by code, broker refusals,
 * agents' outbox depths, log size, checkpoint age, proof latency, and the process defaults (RSS,
 * heap, event-loop lag). Counters are read from the components' own `Counters` when scraped.
 */
export class BackendMetrics {
  readonly registry = new Registry();
  readonly outbox = new OutboxDepths();
  readonly #proof: Histogram<"kind">;
  readonly #rates: { t: number; n: number }[] = [];
  readonly #timer: NodeJS.Timeout;

  constructor(s: MetricsSources) {
    const now = s.now ?? Date.now;
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const count = (name: string, code = "total") => s.ingest()[name]?.[code] ?? 0;
    const fromIngest = (name: string, key: string, help: string) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(count(key));
        },
      });
    fromIngest("tet_ingest_received_total", "ingest_received", "device statements handed to the ingest");
    fromIngest("tet_ingest_accepted_total", "ingest_accepted", "statements newly appended to the log");
    fromIngest(
      "tet_ingest_duplicate_total",
      "ingest_duplicate",
      "statements already in the log (same receipt)",
    );
    fromIngest("tet_ingest_receipts_signed_total", "ingest_receipts_signed", "signed receipts sent on down");
    const byCode = (name: string, help: string, read: () => Record<string, number>) =>
      new Counter({
        name,
        help,
        labelNames: ["code"],
        registers,
        collect() {
          this.reset();
          for (const [code, n] of Object.entries(read())) this.inc({ code }, n);
        },
      });
    byCode(
      "tet_ingest_refused_total",
      "statements refused, by error code",
      () => s.ingest().ingest_refused ?? {},
    );
    byCode("tet_http_refused_total", "HTTP API refusals, by error code", () => s.http?.() ?? {});
    new Counter({
      name: "tet_broker_events_total",
      help: "embedded broker logins and ACL decisions, by counter and code",
      labelNames: ["name", "code"],
      registers,
      collect() {
        this.reset();
        for (const [name, codes] of Object.entries(s.broker?.() ?? {}))
          for (const [code, n] of Object.entries(codes)) this.inc({ name, code }, n);
      },
    });
    new Gauge({
      name: "tet_ingest_queued",
      help: "statements in flight in the ingest",
      registers,
      collect() {
        this.set(count("ingest_queued"));
      },
    });
    const rates = this.#rates;
    new Gauge({
      name: "tet_ingest_accepted_per_second",
      help: "statements appended per second over the last 10 s",
      registers,
      collect() {
        const first = rates[0];
        const last = rates.at(-1);
        this.set(first && last && last.t > first.t ? ((last.n - first.n) * 1000) / (last.t - first.t) : 0);
      },
    });
    this.#timer = setInterval(() => {
      rates.push({ t: now(), n: count("ingest_accepted") });
      if (rates.length > 11) rates.shift();
    }, 1000).unref();
    const outbox = this.outbox;
    const depth = (name: string, help: string, pick: (x: ReturnType<OutboxDepths["summary"]>) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(pick(outbox.summary()));
        },
      });
    depth(
      "tet_agent_outbox_depth_total",
      "statements waiting in agents' outboxes (latest signed report of each)",
      (x) => x.total,
    );
    depth("tet_agent_outbox_depth_max", "the deepest agent outbox (latest signed reports)", (x) => x.max);
    depth("tet_agent_outbox_reporting", "agents whose signed state reports an outbox depth", (x) => x.agents);
    new Gauge({
      name: "tet_log_size",
      help: "entries in the transparency log",
      registers,
      async collect() {
        this.set(await s.store.size());
      },
    });
    new Gauge({
      name: "tet_log_checkpoint_size",
      help: "tree size of the latest signed checkpoint",
      registers,
      async collect() {
        this.set((await s.store.latestCheckpoint())?.size ?? 0);
      },
    });
    new Gauge({
      name: "tet_log_checkpoint_age_seconds",
      help: "seconds since the latest signed checkpoint was issued (-1: none yet)",
      registers,
      async collect() {
        const cp = await s.store.latestCheckpoint();
        this.set(cp ? Math.max(0, now() - cp.issuedAt) / 1000 : -1);
      },
    });
    if (s.diskBytes) {
      const diskBytes = s.diskBytes;
      new Gauge({
        name: "tet_log_disk_bytes",
        help: "bytes of the ledger database on disk",
        registers,
        collect() {
          this.set(diskBytes());
        },
      });
    }
    this.#proof = new Histogram({
      name: "tet_proof_seconds",
      help: "time to answer a proof request (inclusion, consistency, bundle), seconds",
      labelNames: ["kind"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
  }

  /** Records one proof answer's latency. */
  observeProof(kind: string, seconds: number): void {
    this.#proof.observe({ kind }, seconds);
  }

  /**
   * Times the proof routes of an HTTP server from request to the last byte of the response, without
   * touching the routes: a `request` listener beside the app's.
   */
  watchProofs(server: Server): void {
    server.on("request", (req, res) => {
      const path = req.url ?? "";
      const kind = PROOF_ROUTES.find(([re]) => re.test(path))?.[1];
      if (kind === undefined) return;
      const start = process.hrtime.bigint();
      res.once("finish", () => {
        if (res.statusCode < 400) this.observeProof(kind, Number(process.hrtime.bigint() - start) / 1e9);
      });
    });
  }

  /** Stops the rate sampler. */
  close(): void {
    clearInterval(this.#timer);
  }
}
