import type { AppendedEvent } from "./ledger.js";

/**
 * The listeners of a `Ledger`'s `onAppended`: each is called once per new entry, and one that
 * throws neither stops the others nor fails the append (its failure is its own).
 */
export class AppendedListeners {
  readonly #listeners = new Set<(e: AppendedEvent) => void>();

  /** How many are subscribed. */
  get size(): number {
    return this.#listeners.size;
  }

  /** Subscribes `listener`; returns the unsubscribe. */
  add(listener: (e: AppendedEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(e: AppendedEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(e);
      } catch {
        // A subscriber's failure is its own; the append has succeeded.
      }
    }
  }
}
