// The passport HTTP API (hono): routes, problem details, rate limits, the object index, passports,
// the export bundle, and the server adapter. The bundle format and its pure verifier live in ./bundle.

export {
  ADMISSION_MODES,
  type AdmissionPolicy,
  checkPolicy,
  PolicyError,
  parseKeyList,
} from "./admissionPolicy.js";
export { type ApiContext, type ApiEnv, objectParam } from "./apiContext.js";
export { API_ERROR_CODES, ApiError, type ApiErrorCode } from "./apiError.js";
export type { AppendedEvent, AppendFeed } from "./appendFeed.js";
export { ledgerFeed } from "./appendFeed.js";
export {
  type BundleDefect,
  type BundleSummary,
  decodeBundle,
  defect,
  type SignatureCheck,
  type VerifyBundleOptions,
  verifyBundle,
} from "./bundle/index.js";
export { type ApiOptions, createApi } from "./createApi.js";
export { exportBundle } from "./exportBundle.js";
export { DEFAULT_HTTP_LIMITS, type HttpLimits } from "./httpLimits.js";
export { signInvitation } from "./invitation.js";
export { jsonToCbor } from "./jsonToCbor.js";
export { ObjectIndex, type ObjectSummary } from "./objectIndex.js";
export { buildPassport, type Passport } from "./passport.js";
export { readPassport } from "./readPassport.js";
export type { HistoryItem } from "./routes/historyRoute.js";
export type { SeriesItem } from "./routes/seriesRoute.js";
export { type ServedApi, type ServeOptions, serveApi } from "./serveApi.js";
export { type TokenBucketOptions, TokenBuckets } from "./tokenBucket.js";
export { type WarrantyView, warrantyStatus } from "./warrantyStatus.js";
