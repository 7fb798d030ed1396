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

const TEXT_FIELDS = [
  "ref",
  "session",
  "channel",
  "block",
  "rater",
  "payer",
  "payee",
  "amount",
  "fee",
  "paid",
  "due",
];

/** The note text: the prefix and the record as JSON (fits the event's 2,000 code points). */
export function settlementNoteText(r: SettlementRecord): string {
  return SETTLEMENT_NOTE_PREFIX + JSON.stringify(r);
}

/**
 * The record a note holds, or undefined when the text is not a settlement note (another note, or
 * one whose JSON lacks a field): the input of the `settlement` projection, and of billing's reports.
 * The ledger owns the format because it projects it; billing writes it with `settlementNoteText`.
 */
export function parseSettlementNote(text: string): SettlementRecord | undefined {
  if (!text.startsWith(SETTLEMENT_NOTE_PREFIX)) return undefined;
  let r: unknown;
  try {
    r = JSON.parse(text.slice(SETTLEMENT_NOTE_PREFIX.length));
  } catch {
    return undefined;
  }
  if (!isSettlementRecord(r)) return undefined;
  return r;
}

function isSettlementRecord(r: unknown): r is SettlementRecord {
  if (typeof r !== "object" || r === null) return false;
  const o = r as Record<string, unknown>;
  return (
    TEXT_FIELDS.every((f) => typeof o[f] === "string") &&
    typeof o.tx === "string" &&
    o.tx.startsWith("0x") &&
    typeof o.at === "number"
  );
}
