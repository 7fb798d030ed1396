import type { Child } from "./child.js";
import { until } from "./until.js";

/** The agent's outbox as agentMain.ts reports it. */
export interface OutboxStats {
  entries: number;
  headSeq: number;
  ackedSeq: number;
  droppedTotal: number;
}

/** The agent child's latest outbox stats line. */
export function outboxStats(agent: Child): OutboxStats | undefined {
  const line = agent.lines.findLast((l) => l.includes('"ev":"stats"'));
  return line ? (JSON.parse(line) as OutboxStats) : undefined;
}

/** Waits until receipts cover at least `seq`. */
export function ackedUpTo(agent: Child, seq: number): Promise<void> {
  return until(() => (outboxStats(agent)?.ackedSeq ?? 0) >= seq, `receipts up to seq ${seq}`, {
    ms: 150_000,
  });
}

/** Waits until everything emitted is signed and acknowledged: the outbox is empty. */
export function settled(agent: Child, ms = 170_000): Promise<void> {
  return until(
    () => {
      const s = outboxStats(agent);
      return (
        agent.lines.some((l) => l.includes('"ev":"emitted"')) &&
        s !== undefined &&
        s.entries === 0 &&
        s.headSeq > 0 &&
        s.ackedSeq === s.headSeq
      );
    },
    "an empty outbox with everything acknowledged",
    { ms, everyMs: 50 },
  );
}
