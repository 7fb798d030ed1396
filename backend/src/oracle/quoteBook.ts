import type { SignedQuote } from "@tet/contracts";

/**
 * The signed quotes an oracle process holds, local and from its peers: the newest per fund and
 * signer. `bundle` picks what can be posted together — quotes newer than the rate on chain, fresh,
 * by keys of the current set, within `skewSeconds` of each other (they are combined at the oldest
 * time) — once there are at least `threshold` of them.
 */
export class QuoteBook {
  readonly #quotes = new Map<string, Map<string, SignedQuote>>();

  /** Keeps `q` unless the book has a newer quote of the same fund by the same signer. */
  add(q: SignedQuote): void {
    const bySigner = this.#quotes.get(q.fund) ?? new Map<string, SignedQuote>();
    this.#quotes.set(q.fund, bySigner);
    const key = q.signer.toLowerCase();
    const had = bySigner.get(key);
    if (!had || had.observedAt < q.observedAt) bySigner.set(key, q);
  }

  /** The local signers' newest quotes (what this process offers its peers). */
  by(signers: readonly string[]): SignedQuote[] {
    const mine = new Set(signers.map((s) => s.toLowerCase()));
    return [...this.#quotes.values()].flatMap((m) =>
      [...m.values()].filter((q) => mine.has(q.signer.toLowerCase())),
    );
  }

  bundle(args: {
    fund: string;
    after: number;
    now: number;
    maxAge: number;
    skewSeconds: number;
    threshold: number;
    signers: ReadonlySet<string>;
  }): SignedQuote[] | undefined {
    const usable = [...(this.#quotes.get(args.fund)?.values() ?? [])].filter(
      (q) =>
        q.observedAt > args.after &&
        args.now - q.observedAt <= args.maxAge &&
        args.signers.has(q.signer.toLowerCase()),
    );
    usable.sort((a, b) => b.observedAt - a.observedAt);
    const newest = usable[0]?.observedAt ?? 0;
    const together = usable.filter((q) => newest - q.observedAt <= args.skewSeconds);
    if (together.length < args.threshold) return undefined;
    return together.sort((x, y) => (BigInt(x.signer) < BigInt(y.signer) ? -1 : 1));
  }

  /** How many usable quotes a fund has now (for the status when there are too few). */
  count(fund: string, after: number): number {
    return [...(this.#quotes.get(fund)?.values() ?? [])].filter((q) => q.observedAt > after).length;
  }
}
