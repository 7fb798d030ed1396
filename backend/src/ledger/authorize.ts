import {
  bytesEqual,
  didKeyFromPublicKey,
  isDeviceStatement,
  type ParsedStatement,
  publicKeyFromDidKey,
} from "@tet/schemas";
import { hex } from "./hex.js";
import { LedgerError } from "./ledgerError.js";
import type { HeadRow, KeyRow, ObjectRow, ObjectView, WarrantyRow } from "./objectView.js";

/** What the acceptance rules decided. `existing` means: look up the entry at (object, seq) — it may be a duplicate. */
export type Decision = { ok: true } | { existing: number } | { error: LedgerError };

const ZERO32 = "0".repeat(64);
const refuse = (code: LedgerError["code"], detail: string): Decision => ({
  error: new LedgerError(code, detail),
});

/**
 * The ledger's acceptance rules for one parsed, signature-checked statement against its object's
 * current projections (pure): device statements extend their chain by exactly one (seq = head + 1,
 * prev = SHA-256 of the head's bytes) under a device key bound to the object; owner statements are
 * (transfer, key, relation, service) signed by the current owner; documents by the owner or the manufacturer (genesis `maker`);
 * warranty actions by their issuer or the owner; prune and receipt by the log's key.
 */
export function authorize(p: ParsedStatement, view: ObjectView, ctx: { logKey: Uint8Array }): Decision {
  const s = p.statement;
  const signer = p.signer;
  if (s.t === "connect") return refuse("NOT_ACCEPTED", "connect statements are logins, never stored");
  if (s.t === "prune" || s.t === "receipt") {
    return bytesEqual(signer, ctx.logKey)
      ? { ok: true }
      : refuse("KEY_NOT_BOUND", `${s.t} must be signed by the log key`);
  }
  if (s.t === "genesis") {
    if (!bytesEqual(publicKeyFromDidKey(s.owner), signer))
      return refuse("NOT_OWNER", "genesis must be signed by its owner");
    return { ok: true };
  }
  const obj = view.get<ObjectRow>("object");
  if (obj === undefined) return refuse("UNKNOWN_OBJECT", hex(s.obj));
  const role = view.get<KeyRow>("key", hex(signer))?.role;
  if (isDeviceStatement(s)) {
    if (role !== "device") return refuse("KEY_NOT_BOUND", "not a device key of this object");
    const head = view.get<HeadRow>("head");
    const headSeq = head?.seq ?? 0;
    if (s.seq <= headSeq) return { existing: s.seq };
    if (s.seq > headSeq + 1) return refuse("SEQ_GAP", `seq ${s.seq} after ${headSeq}`);
    if (hex(s.prev) !== (head?.hash ?? ZERO32)) return refuse("CHAIN_FORK", `prev of seq ${s.seq}`);
    return { ok: true };
  }
  const byOwner = didKeyFromPublicKey(signer) === obj.owner;
  switch (s.t) {
    case "transfer":
    case "key":
    case "relation":
    case "service": // issue 19: only the owner says what runs on the avatar; `replaces` is checked later
      return byOwner ? { ok: true } : refuse("NOT_OWNER", s.t);
    case "document": // documents: the owner or the manufacturer named in the genesis (`maker`)
      return byOwner || (obj.maker !== undefined && didKeyFromPublicKey(signer) === obj.maker)
        ? { ok: true }
        : refuse("NOT_OWNER", "document needs the owner or the manufacturer");
    case "event":
    case "command":
    case "tariff":
      return byOwner || role === "delegate"
        ? { ok: true }
        : refuse("NOT_OWNER", `${s.t} needs the owner or a delegate`);
    case "warranty": {
      const w = view.get<WarrantyRow>("warranty", s.warranty);
      const signerDid = didKeyFromPublicKey(signer);
      if (s.action === "issue") {
        if (w !== undefined) return refuse("REPLAY", `warranty ${s.warranty} already issued`);
        if (s.issuer !== undefined && s.issuer !== signerDid)
          return refuse("KEY_NOT_BOUND", "issuer is not the signer");
        return { ok: true };
      }
      if (w === undefined) return refuse("NOT_FOUND", `warranty ${s.warranty}`);
      if (s.action === "claim") return byOwner ? { ok: true } : refuse("NOT_OWNER", "only the owner claims");
      return w.issuer === signerDid ? { ok: true } : refuse("KEY_NOT_BOUND", "only the issuer decides");
    }
    case "rating": {
      // Only the payer of a settled session on this object, once per settlement (billing's note).
      const settled = view.get<{ rater: string }>("settlement", s.settlement);
      if (settled === undefined || settled.rater !== didKeyFromPublicKey(signer))
        return refuse("NOT_SETTLED", `no settlement ${s.settlement.slice(0, 80)} of this signer`);
      if (view.get("rating", s.settlement) !== undefined)
        return refuse("REPLAY", "this settlement is already rated");
      return { ok: true };
    }
    default:
      return { ok: true };
  }
}
