// Billing: signed usage × signed tariff → invoices (pure, exact integers, recomputable from a bundle);
// paid sessions with EIP-712 vouchers checked against metered usage, stop commands on short payment,
// settlement on chain (0.1 % fee), provider statements, verified ratings; the HTTP routes; payers'
// MQTT logins and pay topics, registered with the broker (`payerFamily`, `servePayTopics`).
export { BILLING_ERROR_CODES, BillingError, type BillingErrorCode, isBillingError } from "./billingError.js";
export { billingRoutes } from "./billingRoutes.js";
export { BillingService } from "./billingService.js";
export type { BillingServiceOptions, VoucherOutcome } from "./billingServiceOptions.js";
export { checkPayerLogin } from "./checkPayerLogin.js";
export { checkVoucher, type VoucherContext, type VoucherVerdict } from "./checkVoucher.js";
export {
  computeInvoice,
  type InvoiceScope,
  type LoggedStatement,
  type LoggedTariff,
  lineAmount,
  pickTariff,
  sameInvoice,
} from "./computeInvoice.js";
export { canonicalInvoice, type Excluded, type Invoice, type InvoiceLine, ROUNDING_RULE } from "./invoice.js";
export { invoiceFromBundle } from "./invoiceFromBundle.js";
export { loadStatements } from "./loadStatements.js";
export { type ObjectBilling, objectBilling, type RatingView } from "./objectBilling.js";
export { payerFamily } from "./payerFamily.js";
export {
  PAYER_LOGIN_PURPOSE,
  payerLoginDomain,
  payerLoginTypes,
  signPayerLogin,
  verifyPayerProof,
} from "./payerLogin.js";
export {
  PAYER_PAY_SUBSCRIPTION,
  parsePayerPayTopic,
  payerAckTopic,
  payerPayTopic,
  payTopic,
  payTopicObject,
} from "./payerTopics.js";
export { handlePayMessage, PAY_SUBSCRIPTION, type PayAck, payRoute } from "./payTopic.js";
export { ProviderAuthority } from "./providerAuthority.js";
export {
  type ProviderStatement,
  providerStatement,
  providerStatementCsv,
  type StatementRow,
} from "./providerStatement.js";
export { MICRO, microToDecimal, toMicro, unitRatio } from "./quantity.js";
export { servePayTopics } from "./servePayTopics.js";
export { SessionAccount, type SessionTerms } from "./sessionAccount.js";
export {
  parseSessionRequest,
  type SessionRequest,
  sessionRequestSigner,
  sessionTypes,
  signSessionRequest,
} from "./sessionRequest.js";
export {
  parseSettlementNote,
  SETTLEMENT_NOTE_PREFIX,
  type SettlementRecord,
  settlementNoteText,
  settlementRef,
} from "./settlementNote.js";
export { settleSession } from "./settleSession.js";
export { type JournalRecord, VoucherJournal } from "./voucherJournal.js";
export { parseVoucherMessage, type VoucherMessage, voucherMessageJson } from "./voucherMessage.js";
