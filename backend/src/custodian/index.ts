// The custodian service (issue 17): M-of-N custodian keys attest bank deposits imported from
// statements (CSV, camt.053) or a provider's webhook, and redemptions of fiat funds become a durable
// payout queue with a signed, hash-chained journal; each redemption is ordered once.
export { attestationRef, classifyEntry, type FundInfo, payoutRemittance } from "./classifyEntry.js";
export { csvPayoutWriter, PAYOUT_ORDER_COLUMNS } from "./csvPayoutWriter.js";
export { custodianCommand } from "./custodianCommand.js";
export { CUSTODIAN_ERROR_CODES, CustodianError, type CustodianErrorCode } from "./custodianError.js";
export { CUSTODIAN_OPTIONS } from "./custodianOptions.js";
export { custodianRoutes } from "./custodianRoutes.js";
export { type CustodianOptions, CustodianService } from "./custodianService.js";
export { type Credit, CustodianStore, type Payout } from "./custodianStore.js";
export { type FundCustody, fundCustody } from "./fundCustody.js";
export { entryHash, type JournalEntry, verifyJournal } from "./journalEntry.js";
export { parseCamt053 } from "./parseCamt053.js";
export { parseCsvStatement, splitCsv } from "./parseCsvStatement.js";
export { parseStatement } from "./parseStatement.js";
export type { PayoutAdapter, PayoutOrder } from "./payoutAdapter.js";
export type { Statement, StatementEntry } from "./statementEntry.js";
export { signWebhook } from "./webhookRoute.js";
