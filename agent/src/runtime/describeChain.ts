import type { Reconciliation } from "../outbox/index.js";

/**
 * One log line for what a receipt's head did to the device chain (see `Outbox.reconcile`), or
 * undefined when it changed nothing worth saying: the operator reads why the agent continues from
 * the log's head, or why it still cannot sign.
 */
export function describeChain(c: Reconciliation | undefined): string | undefined {
  if (c === undefined) return undefined;
  if (c.kind === "on-chain")
    return c.released ? "chain: the log's head is on this outbox's chain; signing new statements" : undefined;
  if (c.kind === "unverifiable")
    return `chain: CHAIN_HEAD_UNKNOWN ${c.why}; new statements wait as drafts (nothing is lost) until a receipt can be trusted with the head`;
  const was =
    c.why === "behind"
      ? `the outbox was at seq ${c.from} (lost, truncated or restored)`
      : c.why === "fork"
        ? `the outbox holds another statement there (its chain forked from the log's)`
        : `the log refused one of the outbox's statements as a REPLAY`;
  const proof =
    c.proof === "hash"
      ? "; recovered drafts the log holds proven by the chain hash"
      : c.proof === "count"
        ? "; recovered drafts the log holds counted, oldest first"
        : "";
  return `chain: the log holds this chain up to seq ${c.to} and ${was}: continuing after seq ${c.to}; ${c.delivered} statement(s) the log holds left the outbox, ${c.redrafted} will be signed again${proof}`;
}
