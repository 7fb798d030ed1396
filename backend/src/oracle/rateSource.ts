import { readFile, stat } from "node:fs/promises";
import { OracleError } from "./oracleError.js";
import { type FeedFormat, MAX_FEED_BYTES, type Observation, parseFeed } from "./parseFeed.js";

/** What a source is asked: which currencies, at what chain time, for which of the local signers. */
export interface SourceRequest {
  currencies: readonly string[];
  /** Chain time (Unix seconds): the oracle's clock, so moved time on a test chain moves it too. */
  now: number;
  /** Index of the local signer asking (a simulated feed gives each its own small noise). */
  signer: number;
  /** The rates on chain (1e18-scaled quotes), where a simulated walk starts. */
  onChain: ReadonlyMap<string, bigint>;
}

/** Where rates come from: a file, an HTTP JSON feed, or the simulated walk. */
export interface RateSource {
  readonly name: string;
  read(request: SourceRequest): Promise<Observation[]>;
}

/** A JSON file in the feed format (re-read on every call: an operator or a script rewrites it). */
export function fileSource(path: string, format: FeedFormat = {}): RateSource {
  return {
    name: `file:${path}`,
    async read({ currencies }) {
      let text: string;
      try {
        if ((await stat(path)).size > MAX_FEED_BYTES)
          throw new OracleError("FEED_MALFORMED", `${path} is larger than ${MAX_FEED_BYTES} bytes`);
        text = await readFile(path, "utf8");
      } catch (e) {
        if (e instanceof OracleError) throw e;
        throw new OracleError("SOURCE_FAILED", `${path}: ${(e as Error).message}`, { cause: e });
      }
      return parseFeed(text, currencies, format);
    },
  };
}

/**
 * An HTTP(S) JSON feed at any URL: one GET per call, 5 s timeout, at most MAX_FEED_BYTES read (the
 * body is refused as soon as it passes that, before it is buffered whole).
 */
export function httpSource(url: string, format: FeedFormat = {}, timeoutMs = 5_000): RateSource {
  return {
    name: url,
    async read({ currencies }) {
      let text: string;
      try {
        const res = await fetch(url, {
          signal: AbortSignal.timeout(timeoutMs),
          headers: { accept: "application/json" },
        });
        if (!res.ok) throw new OracleError("SOURCE_FAILED", `${url} answered ${res.status}`);
        text = await boundedText(res);
      } catch (e) {
        if (e instanceof OracleError) throw e;
        throw new OracleError("SOURCE_FAILED", `${url}: ${(e as Error).message}`, { cause: e });
      }
      return parseFeed(text, currencies, format);
    },
  };
}

async function boundedText(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return "";
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_FEED_BYTES) {
      await reader.cancel();
      throw new OracleError("FEED_MALFORMED", `feed larger than ${MAX_FEED_BYTES} bytes`);
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString("utf8");
}
