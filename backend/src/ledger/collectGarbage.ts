import { LedgerError } from "./ledgerError.js";
import type { StatementLedger } from "./statementLedger.js";

/** Kinds whose payloads may be dropped: device telemetry. Owner, warranty and other records are kept. */
export const PRUNABLE_KINDS = ["state", "usage", "gap", "command-result"] as const;

/** A retention policy: payloads of `kind` older than `maxAgeMs` may be dropped. */
export interface RetentionPolicy {
  name: string;
  rules: { kind: (typeof PRUNABLE_KINDS)[number]; maxAgeMs: number }[];
}

/** What one collector run did, one log entry per distinct age cut-off. */
export interface CollectorRun {
  pruneIndex: number;
  before: number;
  kinds: string[];
  entries: number;
  bytes: number;
}

/**
 * The retention collector: drops the payload bytes of old telemetry under `policy`, keeping every
 * leaf hash and the entries' metadata, so every proof still verifies. Each run is first recorded in
 * the log as a `prune` statement signed by the log key (with how many entries and bytes it covers);
 * only then does the schema let the payloads go. The newest statement of each kind per object is
 * always kept: it is what the projections show.
 */
export async function collectGarbage(
  ledger: StatementLedger,
  opts: { policy: RetentionPolicy; now?: number },
): Promise<CollectorRun[]> {
  const now = opts.now ?? Date.now();
  for (const r of opts.policy.rules) {
    if (!PRUNABLE_KINDS.includes(r.kind))
      throw new LedgerError("NOT_ACCEPTED", `kind ${r.kind} is never pruned`);
  }
  await ledger.log.flush();
  const byBefore = new Map<number, string[]>();
  for (const r of opts.policy.rules)
    byBefore.set(now - r.maxAgeMs, [...(byBefore.get(now - r.maxAgeMs) ?? []), r.kind]);
  const runs: CollectorRun[] = [];
  for (const [before, kinds] of byBefore) {
    const belowIndex = ledger.log.committedSize;
    const victims = await ledger.log.store.prunable({ kinds, before, belowIndex });
    const bytes = victims.reduce((n, v) => n + v.bytes, 0);
    const { index } = await ledger.appendOwn(
      { v: 1, t: "prune", ts: now, policy: opts.policy.name, before, kinds, entries: victims.length, bytes },
      { pruneRules: kinds.map((kind) => ({ kind, before })) },
    );
    await ledger.log.store.dropPayloads(victims.map((v) => v.index));
    runs.push({ pruneIndex: index, before, kinds, entries: victims.length, bytes });
  }
  return runs;
}
