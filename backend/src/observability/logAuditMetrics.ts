import { Counter, Gauge, type Registry } from "prom-client";
import type { LogAudit, LogIntegrity } from "../ledger/index.js";

/**
 * The log's self-checks as Prometheus metrics on `registry`, read when scraped:
 * `tet_log_corrupt_total{where}` (entries refused LOG_CORRUPT by the read check, or found by the
 * audit), `tet_log_audit_runs_total`, `tet_log_audit_failures_total` (runs that found a mismatch),
 * `tet_log_audit_last_run_timestamp_seconds`, `tet_log_audit_last_ok` (1 or 0; -1 before the first
 * run) and `tet_log_audit_entries` (entries re-hashed against a signed root so far).
 */
export function logAuditMetrics(registry: Registry, s: { integrity: LogIntegrity; audit: LogAudit }): void {
  const registers = [registry];
  /** A counter read from `read()` when scraped: one sample per key, labelled `label` if given. */
  const counted = (name: string, help: string, read: () => Record<string, number>, label?: string) =>
    new Counter({
      name,
      help,
      labelNames: label === undefined ? [] : [label],
      registers,
      collect() {
        this.reset();
        for (const [k, n] of Object.entries(read()))
          label === undefined ? this.inc(n) : this.inc({ [label]: k }, n);
      },
    });
  counted(
    "tet_log_corrupt_total",
    "stored entries that did not match their hashes, by the check that found them (serve, audit)",
    () => s.integrity.counts,
    "where",
  );
  counted("tet_log_audit_runs_total", "audits of the log run", () => ({ runs: s.audit.stats.runs }));
  counted("tet_log_audit_failures_total", "audits that found a mismatch", () => ({
    failures: s.audit.stats.failures,
  }));
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });
  const last = () => s.audit.stats.last;
  gauge(
    "tet_log_audit_last_run_timestamp_seconds",
    "when the last audit ran (0: never)",
    () => (last()?.at ?? 0) / 1000,
  );
  gauge(
    "tet_log_audit_last_ok",
    "1 if the last audit found no mismatch, 0 if it did, -1 before the first",
    () => {
      const l = last();
      return l === undefined ? -1 : l.ok ? 1 : 0;
    },
  );
  gauge(
    "tet_log_audit_entries",
    "entries re-hashed against a signed checkpoint so far",
    () => last()?.audited ?? 0,
  );
}
