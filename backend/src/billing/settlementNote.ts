/** A settled session as recorded in the log (an `event` note signed by the provider's billing key). */
export interface SettlementRecord {
  /** The rating reference: `{chainId}:{channel}:{txHash}` — what a `rating`'s `settlement` cites. */
  ref: string;
  session: string;
  channel: string;
  tx: `0x${string}`;
  block: string;
  /** The payer's did:key (may rate) and EVM address. */
  rater: string;
  payer: string;
  payee: string;
  /** Cumulative amount redeemed, the fee to the infrastructure fund, what the payee received. */
  amount: string;
  fee: string;
  paid: string;
  /** The invoice total of the session at settlement. */
  due: string;
  at: number;
}

/** The prefix that marks a settlement note among the object's `event` notes. */
export const SETTLEMENT_NOTE_PREFIX = "tet-settlement/1 ";

/** The rating reference of a settlement: chain id, channel id and the redeeming transaction. */
export function settlementRef(chainId: number, channel: bigint, tx: string): string {
  return `${chainId}:${channel}:${tx.toLowerCase()}`;
}

/** The note text: the prefix and the record as JSON (fits the event's 2,000 code points). */
export function settlementNoteText(r: SettlementRecord): string {
  return SETTLEMENT_NOTE_PREFIX + JSON.stringify(r);
}

/** The record a note holds, or undefined when the text is not a settlement note. */
export function parseSettlementNote(text: string): SettlementRecord | undefined {
  if (!text.startsWith(SETTLEMENT_NOTE_PREFIX)) return undefined;
  try {
    const r = JSON.parse(text.slice(SETTLEMENT_NOTE_PREFIX.length)) as SettlementRecord;
    return typeof r.ref === "string" && typeof r.rater === "string" ? r : undefined;
  } catch {
    return undefined;
  }
}
