// @tet/contracts: the TET contracts' artifacts and the viem client the backend uses. No solc in this
// graph: compiling lives in src/compile and runs only from the compile script and the artifact test.

export * from "../generated/artifacts.js";
export { type AnvilHandle, anvilBinary, type StartAnvilOptions, startAnvil } from "./anvil/startAnvil.js";
export { ANVIL_DEV_KEY, LOCAL_FUNDS, type LocalChain, startLocalChain } from "./anvil/startLocalChain.js";
export { runChainCommand } from "./cli/chain.js";
export { type AnchoredCheckpoint, anchorCheckpoint, latestCheckpoint } from "./client/anchor.js";
export { type ChainClients, connect, transact, withAccount } from "./client/ChainClients.js";
export { currencyId, currencyName } from "./client/currencyId.js";
export { attestationTypes, custodianDomain, deposit, recapitalize } from "./client/custodians.js";
export type { Deployment } from "./client/Deployment.js";
export { type DeployProfile, PROFILES, type ProfileDefaults } from "./client/deployProfiles.js";
export { type DeployOptions, deploySystem } from "./client/deploySystem.js";
export { type InitialFund, listInitialFunds } from "./client/listInitialFunds.js";
export { type LotView, readLot, readLotsOf, transferTet } from "./client/lots.js";
export {
  oracleDomain,
  postQuotes,
  quoteSigner,
  quoteTypes,
  type SignedQuote,
  setRate,
  signQuote,
} from "./client/oracle.js";
export { permitTypes, signPermit } from "./client/permit.js";
export {
  depositToken,
  type FundView,
  listFund,
  type ReserveView,
  readReserve,
  redeem,
} from "./client/reserve.js";
export {
  type PaymentOrder,
  pay,
  paymentTypes,
  quotePayment,
  routerFund,
  signPayment,
} from "./client/router.js";
export {
  openChannel,
  readChannel,
  reclaimChannel,
  redeemVoucher,
  redeemVouchers,
  settlementFee,
} from "./client/settlement.js";
export {
  type SignedVoucher,
  signVoucher,
  type Voucher,
  verifyVoucher,
  voucherDomain,
  voucherTypes,
} from "./client/voucher.js";
export { ChainError, type ChainErrorCode } from "./errors/ChainError.js";
