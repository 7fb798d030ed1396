import type { AppendedEvent, Ledger } from "../ledger/index.js";

export type { AppendedEvent };

/** Subscribes a listener to appended statements; returns the unsubscribe function. */
export type AppendFeed = (listener: (e: AppendedEvent) => void) => () => void;

/**
 * The feed of a ledger: its `onAppended` as a plain function, which the API's object index, passport
 * cache and event stream share (a test passes a feed it drives by hand instead).
 */
export function ledgerFeed(ledger: Ledger): AppendFeed {
  return (listener) => ledger.onAppended(listener);
}
