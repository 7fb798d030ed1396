import { type Deployment, quoteSigner, type SignedQuote } from "@tet/contracts";
import { readBoundedJson } from "../peers/index.js";
import { OracleError } from "./oracleError.js";
import { quoteFromJson } from "./quoteWire.js";

/** Largest answer read from a peer: 16 funds × 16 signers of quotes. */
const MAX_PEER_BYTES = 256 * 1024;

/**
 * Fetches another oracle process's signed quotes (`GET {peer}/v1/oracle/quotes`) and keeps those whose
 * EIP-712 signature recovers to the signer they name and whose signer is in the oracle's set on chain;
 * the others are returned as refusals (BAD_PEER_QUOTE), never trusted.
 */
export async function fetchPeerQuotes(args: {
  peer: string;
  deployment: Pick<Deployment, "chainId" | "rateOracle">;
  signers: ReadonlySet<string>;
  timeoutMs?: number;
}): Promise<{ quotes: SignedQuote[]; refused: number }> {
  let body: unknown;
  try {
    body = await readBoundedJson(new URL("/v1/oracle/quotes", args.peer), {
      maxBytes: MAX_PEER_BYTES,
      timeoutMs: args.timeoutMs ?? 3_000,
    });
  } catch (e) {
    throw new OracleError("SOURCE_FAILED", `peer ${args.peer}: ${(e as Error).message}`, { cause: e });
  }
  const items = (body as { quotes?: unknown })?.quotes;
  if (!Array.isArray(items)) throw new OracleError("BAD_PEER_QUOTE", `peer ${args.peer}: no quotes list`);
  const quotes: SignedQuote[] = [];
  let refused = 0;
  for (const item of items.slice(0, 256)) {
    try {
      const q = quoteFromJson(item);
      const who = await quoteSigner(args.deployment, q);
      if (!who || who.toLowerCase() !== q.signer.toLowerCase() || !args.signers.has(who.toLowerCase()))
        refused++;
      else quotes.push(q);
    } catch {
      refused++;
    }
  }
  return { quotes, refused };
}
