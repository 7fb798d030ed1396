// The economy as holders, providers and auditors see it: the proof of reserves read from the chain at
// one block, and the wallet's reads and relayed payments.
export { ChainLogs, type EconomyLog } from "./chainLogs.js";
export { ECONOMY_ERROR_CODES, EconomyError, type EconomyErrorCode } from "./economyError.js";
export { economyRoutes } from "./economyRoutes.js";
export { readReserveReport } from "./readReserveReport.js";
export { readWallet, type WalletEvent, type WalletReport } from "./readWallet.js";
export { type RelayedPayment, relayPayment } from "./relayPayment.js";
export { type HistoryPoint, type ReserveChange, reserveHistory } from "./reserveHistory.js";
export type { FundReport, LotReport, ReserveReport } from "./reserveReport.js";
export { type EconomyChain, reserveRoutes } from "./reserveRoutes.js";
export { type PaymentPlan, planPayment, type TypedDataJson } from "./walletPlan.js";
export { walletRoutes } from "./walletRoutes.js";
