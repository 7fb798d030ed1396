import { createHash } from "node:crypto";
import { type Hex, recoverMessageAddress } from "viem";

/** What a journal entry says: its kind and a flat record of strings and numbers. */
export type JournalBody = Record<string, string | number>;

/** One signed, hash-chained entry of the custodian's journal. */
export interface JournalEntry {
  seq: number;
  /** The previous entry's hash (32 zero bytes for the first). */
  prev: Hex;
  /** ISO 8601 time the entry was written. */
  at: string;
  kind: string;
  body: JournalBody;
  /** SHA-256 over the canonical JSON of [seq, prev, at, kind, body]. */
  hash: Hex;
  /** The custodian key that signed (`who confirmed`). */
  signer: Hex;
  /** EIP-191 personal_sign of `hash` by `signer`. */
  signature: Hex;
}

export const GENESIS: Hex = `0x${"00".repeat(32)}`;

/** The canonical bytes hashed: JSON of [seq, prev, at, kind, body] with body keys sorted. */
export function entryHash(e: Pick<JournalEntry, "seq" | "prev" | "at" | "kind" | "body">): Hex {
  const body = Object.fromEntries(Object.entries(e.body).sort(([a], [b]) => (a < b ? -1 : 1)));
  const text = JSON.stringify([e.seq, e.prev, e.at, e.kind, body]);
  return `0x${createHash("sha256").update(text).digest("hex")}`;
}

/**
 * Checks a journal from its first entry (or from `after`, an entry already checked): consecutive `seq`, each `prev` the hash before, each hash
 * recomputed from the entry, each signature recovering to its signer, and every signer one of
 * `signers` when given. Returns the first defect, or undefined when the journal verifies.
 */
export async function verifyJournal(
  entries: readonly JournalEntry[],
  o: { signers?: ReadonlySet<string>; after?: { seq: number; hash: Hex } } = {},
): Promise<{ seq: number; why: string } | undefined> {
  let prev = o.after?.hash ?? GENESIS;
  const first = (o.after?.seq ?? 0) + 1;
  const signers = o.signers;
  for (const [i, e] of entries.entries()) {
    if (e.seq !== first + i) return { seq: e.seq, why: `sequence ${e.seq} where ${first + i} was due` };
    if (e.prev !== prev) return { seq: e.seq, why: "prev is not the previous entry's hash" };
    if (entryHash(e) !== e.hash) return { seq: e.seq, why: "the hash does not match the entry" };
    const who = await recoverMessageAddress({ message: { raw: e.hash }, signature: e.signature }).catch(
      () => undefined,
    );
    if (who?.toLowerCase() !== e.signer.toLowerCase())
      return { seq: e.seq, why: "the signature is not the signer's" };
    if (signers && !signers.has(e.signer.toLowerCase()))
      return { seq: e.seq, why: `${e.signer} is not a custodian key` };
    prev = e.hash;
  }
  return undefined;
}
