import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LinkState } from "../link/index.js";
import type { OutboxStats, Reconciliation, SegmentDamage } from "../outbox/index.js";

const FILE = "status.json";

/** What a running agent reports about itself; `tet-agent status` prints it. */
export interface AgentStatus {
  pid: number;
  objectId: string;
  broker: string;
  startedAt: number;
  updatedAt: number;
  link: LinkState;
  /** "bound", "unknown" (no authority chain yet) or "not-bound". */
  enrolment: "bound" | "unknown" | "not-bound";
  outbox: OutboxStats;
  lastReceipt: { seq: number; at: number } | null;
  lastRefusal: { code: string; seq?: number; at: number } | null;
  /** Down messages ignored because they did not verify or were not the signer's to send. */
  ignored: IgnoredDown;
  /** The last time the chain continued from the log's head instead of the outbox's. */
  lastRebase: (Extract<Reconciliation, { kind: "rebased" }> & { at: number }) | null;
  /** Damage the outbox had when this run opened it. */
  outboxDamage: SegmentDamage | null;
}

/** Down messages ignored, by code (`COSE_BAD_SIGNATURE`, `RECEIPT_INVALID`, …), and the last one. */
export interface IgnoredDown {
  total: number;
  byCode: Record<string, number>;
  last: { code: string; kind: string; at: number } | null;
}

/** Counts one ignored down message. */
export function countIgnored(tally: IgnoredDown, code: string, kind: string, at: number): void {
  tally.total++;
  tally.byCode[code] = (tally.byCode[code] ?? 0) + 1;
  tally.last = { code, kind, at };
}

/** Writes the status file atomically (write then rename), so a reader never sees half of it. */
export function writeStatus(dataDir: string, status: AgentStatus): void {
  const tmp = join(dataDir, `${FILE}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(status, null, 2)}\n`);
  renameSync(tmp, join(dataDir, FILE));
}

/** Reads the status file a running (or stopped) agent left; undefined when there is none. */
export function readStatus(dataDir: string): AgentStatus | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, FILE), "utf8")) as AgentStatus;
  } catch {
    return undefined;
  }
}
