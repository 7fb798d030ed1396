import { didKeyFromPublicKey, hex, type StatementOf } from "@tet/schemas";
import { LedgerError } from "./ledgerError.js";
import type { ObjectView } from "./objectView.js";

type Decision = { ok: true } | { error: LedgerError };
const refuse = (code: LedgerError["code"], detail: string): Decision => ({
  error: new LedgerError(code, detail),
});

/**
 * True when the owner accepts `signer` as a warranty issuer of this object: the owner itself, the
 * manufacturer the owner named in the genesis (`maker`), or a key the owner bound with role
 * `issuer` (an owner-signed delegation, revocable like any key).
 */
export function isAcceptedIssuer(view: ObjectView, signer: Uint8Array): boolean {
  const obj = view.get("object");
  if (obj === undefined) return false;
  const did = didKeyFromPublicKey(signer);
  return did === obj.owner || did === obj.maker || view.get("key", hex(signer))?.role === "issuer";
}

/**
 * The rules of a warranty's life (issue 23, item 6): issue by an accepted issuer only (a stranger's
 * warranty is refused, ISSUER_NOT_ACCEPTED); a warranty id held by an unaccepted warranty — one a
 * stranger issued before these rules, read from an old log — does not lock the real issuer out, who
 * may issue it anew; claim by the owner; accept, reject and void by the issuer, and void also by the
 * owner for an unaccepted one. `legacy`: the statement is being replayed from the log, where a
 * stranger's issue is kept as unaccepted instead of refused.
 */
export function authorizeWarranty(
  s: StatementOf<"warranty">,
  signer: Uint8Array,
  view: ObjectView,
  legacy: boolean,
): Decision {
  const w = view.get("warranty", s.warranty);
  const signerDid = didKeyFromPublicKey(signer);
  const owner = view.get("object")?.owner;
  if (s.action === "issue") {
    if (s.issuer !== undefined && s.issuer !== signerDid)
      return refuse("KEY_NOT_BOUND", "issuer is not the signer");
    const accepted = isAcceptedIssuer(view, signer);
    if (!accepted && !legacy)
      return refuse("ISSUER_NOT_ACCEPTED", "the owner binds an issuer with a key statement of role issuer");
    if (w !== undefined && !(w.accepted === false && accepted))
      return refuse("REPLAY", `warranty ${s.warranty} already issued`);
    return { ok: true };
  }
  if (w === undefined) return refuse("NOT_FOUND", `warranty ${s.warranty}`);
  if (s.action === "claim")
    return signerDid === owner ? { ok: true } : refuse("NOT_OWNER", "only the owner claims");
  if (s.action === "void" && w.accepted === false && signerDid === owner) return { ok: true };
  return w.issuer === signerDid ? { ok: true } : refuse("KEY_NOT_BOUND", "only the issuer decides");
}
