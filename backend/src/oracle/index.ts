// The oracle service (issue 17): M-of-N oracle keys each quote a rate source (a file, an HTTP JSON
// feed, or the simulated walk) within the reserve's rules; the median of their signed quotes is posted.
export { type Freshness, type FreshnessState, freshness } from "./freshness.js";
export { oracleCommand, readDeployment } from "./oracleCommand.js";
export { OracleError, type OracleErrorCode } from "./oracleError.js";
export { oracleRoutes } from "./oracleRoutes.js";
export { type FundStatus, type OracleOptions, OracleService } from "./oracleService.js";
export { type FeedFormat, type Observation, parseFeed } from "./parseFeed.js";
export { lowerMedian, planQuote } from "./planQuote.js";
export { fileSource, httpSource, type RateSource } from "./rateSource.js";
export { simulatedSource } from "./simulatedSource.js";
