import { objectIdFromGenesis, parseStatement, type Statement } from "@tet/schemas";
import type { StatementLedger } from "../ledger/index.js";

/** One statement the ledger has durably appended. */
export interface AppendedEvent {
  index: number;
  bytes: Uint8Array;
  statement: Statement;
  object?: Uint8Array;
}

/** Subscribes a listener to appended statements; returns the unsubscribe function. */
export type AppendFeed = (listener: (e: AppendedEvent) => void) => () => void;

type WithOnAppended = { onAppended?: AppendFeed };

/**
 * The feed of a ledger: `StatementLedger.onAppended` when the ledger has it, otherwise a poller that
 * reads newly committed entries every `pollMs` while anyone listens (so the API works with any
 * ledger version, and with entries appended by another process).
 */
export function ledgerFeed(ledger: StatementLedger, opts: { pollMs?: number } = {}): AppendFeed {
  const native = (ledger as unknown as WithOnAppended).onAppended;
  if (typeof native === "function") return native.bind(ledger);
  const listeners = new Set<(e: AppendedEvent) => void>();
  let next = ledger.log.committedSize;
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  const poll = async () => {
    if (busy) return;
    busy = true;
    try {
      while (next < ledger.log.committedSize) {
        const entries = await ledger.log.store.entries(next, 1000);
        if (entries.length === 0) break;
        for (const e of entries) {
          next = e.index + 1;
          if (e.bytes === null) continue;
          const statement = parseStatement(e.bytes).statement;
          const object = statement.t === "genesis" ? objectIdFromGenesis(e.bytes) : (e.object ?? undefined);
          const ev: AppendedEvent = {
            index: e.index,
            bytes: e.bytes,
            statement,
            ...(object ? { object } : {}),
          };
          for (const l of listeners) l(ev);
        }
      }
    } finally {
      busy = false;
    }
  };
  return (listener) => {
    if (listeners.size === 0) {
      next = Math.max(next, ledger.log.committedSize);
      timer = setInterval(() => void poll(), opts.pollMs ?? 100);
      timer.unref();
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) clearInterval(timer);
    };
  };
}
