// The settlement note's format is the ledger's (it projects it); billing writes and reads it here.
export {
  parseSettlementNote,
  SETTLEMENT_NOTE_PREFIX,
  type SettlementRecord,
  settlementNoteText,
} from "../ledger/index.js";

/** The rating reference of a settlement: chain id, channel id and the redeeming transaction. */
export function settlementRef(chainId: number, channel: bigint, tx: string): string {
  return `${chainId}:${channel}:${tx.toLowerCase()}`;
}
