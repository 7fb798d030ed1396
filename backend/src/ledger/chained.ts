import { type Ed25519Signer, type Statement, signStatement } from "@tet/schemas";

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
  s: Record<string, unknown> & { obj: Uint8Array },
  signer: Ed25519Signer,
): Promise<Uint8Array> {
  const head = await ledger.authorityHead(s.obj);
  if (head === undefined) throw new Error("signChained: the ledger does not know this object");
  const prev = Uint8Array.from(Buffer.from(head.hash, "hex"));
  return signStatement({ ...s, v: 2, prev } as unknown as Statement, signer);
}
