import {
  didKeyFromPublicKey,
  hex,
  isChainedStatement,
  objectIdToText,
  type ParsedStatement,
} from "@tet/schemas";
import { isAcceptedIssuer } from "./authorizeWarranty.js";
import { contentKey } from "./contentKey.js";
import type { ObjectView, ProjectionWrite } from "./objectView.js";
import type {
  AuthorityRow,
  HeadRow,
  ObjectRow,
  ProjectionKind,
  ProjectionValues,
  WarrantyRow,
} from "./projectionRows.js";
import { parseSettlementNote } from "./settlementNote.js";
import { sha256Hex } from "./sha256Hex.js";

const WARRANTY_STATUS = { claim: "claimed", accept: "accepted", reject: "rejected", void: "void" } as const;

/**
 * The projection writes of one accepted statement at log index `index` (pure, deterministic): owner
 * and description, bound keys, the device chain head, current state, warranties, tariffs and
 * relations. Applied to `view` as well, so the next statement sees them. `rebuild` replays exactly
 * this over the log, hence identical results.
 */
export function project(
  p: ParsedStatement,
  index: number,
  view: ObjectView,
  /** Hashes the caller has already (the append path): SHA-256 of `p.bytes`, the `contentKey`. */
  known: { bytesHash?: string; contentKey?: string } = {},
): ProjectionWrite[] {
  const bytesHash = () => known.bytesHash ?? sha256Hex(p.bytes);
  const s = p.statement;
  const out: ProjectionWrite[] = [];
  const put = <K extends ProjectionKind>(kind: K, key: string, value: ProjectionValues[K] | null) =>
    out.push(view.put(kind, key, value));
  if (s.t === "genesis") {
    const { owner, class: cls, name, model, manufacturer, maker, serial } = s;
    const row: ObjectRow = { owner, class: cls, genesis: index, updated: index };
    for (const [k, v] of Object.entries({ name, model, manufacturer, maker, serial }))
      if (v !== undefined) Object.assign(row, { [k]: v });
    put("object", "", row);
    for (const key of s.deviceKeys) put("key", hex(key), { role: "device", since: index });
    put("authority", "", { hash: bytesHash(), index } satisfies AuthorityRow);
    return out;
  }
  if (s.t === "prune" || s.t === "receipt" || s.t === "connect") return out;
  if ("seq" in s && "prev" in s) {
    put("head", "", { seq: s.seq, hash: bytesHash(), index, ts: s.ts } satisfies HeadRow);
    if (s.t === "state") put("state", "", { seq: s.seq, ts: s.ts, index, readings: s.readings });
    return out;
  }
  if (isChainedStatement(s)) {
    const linked = s.v === 1 ? view.get("authority")?.linked : true;
    put("authority", "", { hash: bytesHash(), index, ...(linked ? { linked } : {}) } satisfies AuthorityRow);
  }
  switch (s.t) {
    case "transfer": {
      const obj = view.get("object") as ObjectRow;
      put("object", "", { ...obj, owner: s.to, updated: index });
      break;
    }
    case "key":
      put("key", hex(s.key), s.action === "add" ? { role: s.role, since: index } : null);
      break;
    case "relation":
      put("relation", `${s.rel}/${objectIdToText(s.target)}`, s.action === "add" ? { since: index } : null);
      break;
    case "tariff":
      put("tariff", `${s.unit}/${String(index).padStart(16, "0")}`, {
        unit: s.unit,
        price: s.price.toString(),
        payout: hex(s.payout),
        from: s.from,
        ...(s.until === undefined ? {} : { until: s.until }),
        by: didKeyFromPublicKey(p.signer),
        index,
      });
      break;
    case "warranty": {
      if (s.action === "issue") {
        const row: WarrantyRow = {
          issuer: didKeyFromPublicKey(p.signer),
          status: "active",
          issued: index,
          updated: index,
        };
        if (!isAcceptedIssuer(view, p.signer)) row.accepted = false;
        if (s.until !== undefined) row.until = s.until;
        if (s.transferable !== undefined) row.transferable = s.transferable;
        if (s.terms !== undefined) row.terms = s.terms;
        put("warranty", s.warranty, row);
      } else {
        const w = view.get("warranty", s.warranty) as WarrantyRow;
        const status = s.action === "reject" ? "active" : WARRANTY_STATUS[s.action];
        put("warranty", s.warranty, { ...w, status, updated: index });
      }
      break;
    }
    case "event": {
      // A provider's settlement note (billing): who may rate that settlement, and its transaction.
      const r = s.event === "note" ? parseSettlementNote(s.text) : undefined;
      if (r) put("settlement", r.ref, { rater: r.rater, tx: r.tx, session: r.session, index });
      break;
    }
    case "rating":
      put("rating", s.settlement, {
        score: s.score,
        ...(s.text === undefined ? {} : { text: s.text }),
        by: didKeyFromPublicKey(p.signer),
        index,
      });
      break;
    default:
      break;
  }
  // Non-device statements have no (object, seq): remember them by signed content for idempotent appends.
  put("seen", known.contentKey ?? contentKey(p), { index });
  return out;
}
