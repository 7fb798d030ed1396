import { ApiError, type ApiErrorCode } from "./apiError.js";
import type { TokenBuckets } from "./tokenBucket.js";

/**
 * Spends one token of `principal` or throws `code` (RATE_LIMITED or another 429) with `Retry-After`
 * in whole seconds (RFC 9110 §10.2.3). No limiter means no limit.
 */
export function takeToken(
  buckets: TokenBuckets | undefined,
  principal: string,
  code: ApiErrorCode = "RATE_LIMITED",
): void {
  if (buckets === undefined) return;
  const r = buckets.take(principal);
  if (!r.ok) {
    throw new ApiError(code, `retry in ${r.retryAfterMs} ms`, {
      headers: { "retry-after": String(Math.max(1, Math.ceil(r.retryAfterMs / 1000))) },
    });
  }
}
