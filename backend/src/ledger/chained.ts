import { type ChainedStatement, type Ed25519Signer, fromHex, signStatement } from "@tet/schemas";

/** `Omit` applied to each member of a union (the plain one would merge the kinds into one shape). */
type OmitEach<S, K extends PropertyKey> = S extends unknown ? Omit<S, K> : never;

/**
 * A version 2 authority statement (transfer, key, relation, warranty) without `prev`; its `v`, if
 * given (builders written for version 1 pass one), is overridden: `signChained` signs version 2.
 */
export type ChainedDraft = OmitEach<Extract<ChainedStatement, { v: 2 }>, "v" | "prev"> & { v?: number };

/** A `ChainedDraft` without `ts` and `obj` too: what a builder that knows its object fills in. */
export type ChainedBody = OmitEach<ChainedDraft, "ts" | "obj">;

/**
 * Signs a chained authority statement (transfer, key, relation, warranty) as version 2 naming the
 * object's current authority head, read from `ledger` (a `StatementLedger`): what tests, the demo and
 * in-process tools use to write one. `s` is the statement without `v` and `prev`.
 *
 * @example
 * await ledger.append(await signChained(ledger, { t: "transfer", ts, obj, to }, owner));
 */
export async function signChained(
  ledger: { authorityHead(object: Uint8Array): Promise<{ hash: string } | undefined> },
  s: ChainedDraft,
  signer: Ed25519Signer,
): Promise<Uint8Array> {
  const head = await ledger.authorityHead(s.obj);
  if (head === undefined) throw new Error("signChained: the ledger does not know this object");
  return signStatement({ ...s, v: 2, prev: fromHex(head.hash) }, signer);
}
