import { nodeVerifier } from "@tet/schemas/node";
import type { Registry } from "prom-client";
import type { AnchorRecord } from "../anchor/index.js";
import { type Ledger, type LedgerStore, LogAudit, LogIntegrity } from "../ledger/index.js";
import { logAuditMetrics, type ReadinessCheck } from "../observability/index.js";

/** The log's self-checks in a serve process: one `LogIntegrity` for the API and the audit. */
export interface LogChecks {
  integrity: LogIntegrity;
  audit: LogAudit;
  /** The `log` readiness check: fails with the first mismatch, in words. */
  ready: ReadinessCheck;
  stop(): Promise<void>;
}

/**
 * Sets up what issue 23 item 7 asks of the backend: the read check the passport API serves through,
 * the periodic audit (every `intervalS` seconds, the first run at once; 0 = never), its metrics on
 * `registry`, and a readiness check that turns /readyz 503 once either finds a mismatch — with the
 * reason in words — until the data is restored and the backend restarted.
 */
export function openLogChecks(o: {
  ledger: Ledger;
  store: LedgerStore;
  intervalS: number;
  registry: Registry;
  anchored?: () => AnchorRecord | undefined;
  log: (line: string) => void;
}): LogChecks {
  const { ledger, store } = o;
  const integrity = new LogIntegrity({
    store,
    logKey: ledger.logKey,
    origin: ledger.log.origin,
    verifier: nodeVerifier,
    checkpoint: () => ledger.log.latestCheckpoint,
    log: o.log,
  });
  const anchored = () => {
    const a = o.anchored?.();
    return a && { size: a.size, root: new Uint8Array(Buffer.from(a.root.slice(2), "hex")) };
  };
  const audit = new LogAudit({ store, integrity, anchored, log: o.log }).start(o.intervalS * 1000);
  logAuditMetrics(o.registry, { integrity, audit });
  return {
    integrity,
    audit,
    ready: async () => {
      if (integrity.failure !== undefined)
        throw new Error(`the log does not match its hashes: ${integrity.failure}`);
    },
    stop: () => audit.stop(),
  };
}
