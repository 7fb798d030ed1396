import {
  bytesEqual,
  type ChainedStatement,
  didKeyFromPublicKey,
  hex,
  isChainedStatement,
  isDeviceStatement,
  type ParsedStatement,
  publicKeyFromDidKey,
} from "@tet/schemas";
import { authorizeWarranty } from "./authorizeWarranty.js";
import { LedgerError } from "./ledgerError.js";
import type { ObjectView } from "./objectView.js";

/** What the acceptance rules decided. `existing` means: look up the entry at (object, seq) — it may be a duplicate. */
export type Decision = { ok: true } | { existing: number } | { error: LedgerError };

/** What `authorize` checks against besides the view. */
export interface AuthorizeContext {
  logKey: Uint8Array;
  /**
   * The statement is being replayed from the log (loading an object's view, rebuild), not newly
   * submitted: version 1 chained statements from before the chain are accepted (until the object's
   * first version 2 one), a stranger's old warranty is kept as unaccepted, and no clock is checked.
   */
  replaying?: boolean;
  /** For a new statement: the time now, and how far a statement's `ts` may run ahead of it or behind its device chain. */
  clock?: { now: number; skewMs: number };
}

const ZERO32 = "0".repeat(64);
const refuse = (code: LedgerError["code"], detail: string): Decision => ({
  error: new LedgerError(code, detail),
});

/**
 * The ledger's acceptance rules for one parsed, signature-checked statement against its object's
 * current view (pure): device statements extend their chain by exactly one (seq = head + 1,
 * prev = SHA-256 of the head's bytes) under a device key bound to the object; the chained authority
 * statements (transfer, key, relation, warranty) name the object's previous authority statement in
 * `prev` (`authorizeChain`); transfer, key, relation and service are signed by the current owner; documents by
 * the owner or the manufacturer (genesis `maker`); warranty actions by `authorizeWarranty`'s rules;
 * prune and receipt by the log's key; with a clock, nothing signed beyond it (`checkClock`).
 */
export function authorize(p: ParsedStatement, view: ObjectView, ctx: AuthorizeContext): Decision {
  const s = p.statement;
  const signer = p.signer;
  if (s.t === "connect") return refuse("NOT_ACCEPTED", "connect statements are logins, never stored");
  const late = ctx.clock && checkClock(s, view, ctx.clock);
  if (late) return late;
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
  const obj = view.get("object");
  if (obj === undefined) return refuse("UNKNOWN_OBJECT", hex(s.obj));
  const role = view.get("key", hex(signer))?.role;
  if (isDeviceStatement(s)) {
    if (role !== "device") return refuse("KEY_NOT_BOUND", "not a device key of this object");
    const head = view.get("head");
    const headSeq = head?.seq ?? 0;
    if (s.seq <= headSeq) return { existing: s.seq };
    if (s.seq > headSeq + 1) return refuse("SEQ_GAP", `seq ${s.seq} after ${headSeq}`);
    if (hex(s.prev) !== (head?.hash ?? ZERO32)) return refuse("CHAIN_FORK", `prev of seq ${s.seq}`);
    return { ok: true };
  }
  if (isChainedStatement(s)) {
    const unlinked = authorizeChain(s, view, ctx.replaying === true);
    if (unlinked) return unlinked;
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
    case "warranty":
      return authorizeWarranty(s, signer, view, ctx.replaying === true);
    case "rating": {
      // Only the payer of a settled session on this object, once per settlement (billing's note).
      const settled = view.get("settlement", s.settlement);
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

/**
 * The authority chain (issue 23): a version 2 chained statement must name, in `prev`, the SHA-256 of
 * the bytes of the object's last authority statement (its genesis, or the last chained one), so an
 * old one — however re-encoded — never links again. A version 1 one has no `prev`: it is accepted
 * only when replayed from the log and only before the object's first version 2 statement.
 */
export function authorizeChain(
  s: ChainedStatement,
  view: ObjectView,
  replaying: boolean,
): Decision | undefined {
  const head = view.get("authority");
  if (s.v === 1) {
    if (replaying && head?.linked !== true) return undefined;
    return refuse(
      "AUTHORITY_UNLINKED",
      `a version 1 ${s.t} has no prev: sign version 2 with prev = ${head?.hash ?? "?"}`,
    );
  }
  if (head === undefined || hex(s.prev) !== head.hash)
    return refuse(
      "AUTHORITY_UNLINKED",
      `prev is not the object's last authority statement (${head?.hash ?? "none"})`,
    );
  return undefined;
}

/**
 * Timestamp sanity for a new statement (issue 23, item 8): `ts` at most `skewMs` ahead of `now`
 * (FUTURE_TIMESTAMP; a device whose clock runs ahead is accepted once the time has come, as its
 * outbox retries); a device statement at most `skewMs` behind its chain head (TIMESTAMP_BACKWARDS).
 * Other statements have no lower bound: their order is fixed by the log and, for authority, the
 * `prev` chain, and a statement signed offline may legitimately arrive late.
 */
export function checkClock(
  s: ParsedStatement["statement"],
  view: ObjectView,
  clock: { now: number; skewMs: number },
): Decision | undefined {
  if (s.ts > clock.now + clock.skewMs)
    return refuse(
      "FUTURE_TIMESTAMP",
      `ts ${s.ts} is ${s.ts - clock.now} ms ahead (tolerance ${clock.skewMs} ms)`,
    );
  if (isDeviceStatement(s)) {
    const head = view.get("head");
    if (head?.ts !== undefined && s.seq === head.seq + 1 && s.ts < head.ts - clock.skewMs)
      return refuse("TIMESTAMP_BACKWARDS", `ts ${s.ts} is ${head.ts - s.ts} ms before seq ${head.seq}`);
  }
  return undefined;
}
