// The passport HTTP API (hono): routes, problem details, rate limits, the object index, passports,
// the export bundle, and the server adapter. The bundle format and its pure verifier live in ./bundle.
export { API_ERROR_CODES, ApiError, type ApiErrorCode } from "./apiError.js";
export type { AppendedEvent, AppendFeed } from "./appendFeed.js";
export { ledgerFeed } from "./appendFeed.js";
export { type ApiOptions, createApi } from "./createApi.js";
export { exportBundle } from "./exportBundle.js";
export { ObjectIndex, type ObjectSummary } from "./objectIndex.js";
export { OPENAPI_DOCUMENT } from "./openapiDocument.js";
export { buildPassport, type Passport } from "./passport.js";
export { readPassport } from "./readPassport.js";
export { type ServedApi, type ServeOptions, serveApi } from "./serveApi.js";
export { type TokenBucketOptions, TokenBuckets } from "./tokenBucket.js";
export { type WarrantyView, warrantyStatus } from "./warrantyStatus.js";
