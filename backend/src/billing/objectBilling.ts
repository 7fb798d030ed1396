import { didKeyFromPublicKey } from "@tet/schemas";
import type { LoggedStatement } from "./computeInvoice.js";
import { ProviderAuthority } from "./providerAuthority.js";
import { parseSettlementNote, type SettlementRecord } from "./settlementNote.js";

/** A verified rating as the passport shows it, linked to the settlement it cites. */
export interface RatingView {
  index: number;
  score: number;
  text?: string;
  rater: string;
  settlement: string;
  tx: string;
}

/** Settlements (with their log index) and ratings of one object, read from its statements. */
export interface ObjectBilling {
  settlements: (SettlementRecord & { index: number })[];
  ratings: RatingView[];
  count: number;
  /** Mean score, 2 decimals; null without ratings. */
  average: number | null;
}

/**
 * Reads an object's settlements and ratings from its statements in log order (pure): settlement
 * notes count only when signed by the provider (owner or delegate at that moment); a rating counts
 * only when its signer is the payer of the settled session it cites, once per settlement — the same
 * rule the ledger enforces at append, applied again so a bundle reads the same offline.
 */
export function objectBilling(statements: readonly LoggedStatement[]): ObjectBilling {
  const auth = new ProviderAuthority();
  const settlements: ObjectBilling["settlements"] = [];
  const byRef = new Map<string, SettlementRecord>();
  const rated = new Set<string>();
  const ratings: RatingView[] = [];
  for (const { index, statement: s, signer } of statements) {
    if (s.t === "event" && s.event === "note") {
      const r = parseSettlementNote(s.text);
      if (r && auth.isProvider(signer) && !byRef.has(r.ref)) {
        settlements.push({ ...r, index });
        byRef.set(r.ref, r);
      }
    } else if (s.t === "rating") {
      const r = byRef.get(s.settlement);
      const rater = didKeyFromPublicKey(signer);
      if (!r || r.rater !== rater || rated.has(s.settlement)) continue;
      rated.add(s.settlement);
      ratings.push({
        index,
        score: s.score,
        ...(s.text !== undefined ? { text: s.text } : {}),
        rater,
        settlement: s.settlement,
        tx: r.tx,
      });
    } else auth.apply(s);
  }
  const sum = ratings.reduce((t, r) => t + r.score, 0);
  return {
    settlements,
    ratings,
    count: ratings.length,
    average: ratings.length === 0 ? null : Math.round((sum / ratings.length) * 100) / 100,
  };
}
