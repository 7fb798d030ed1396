import { didKeyFromPublicKey, type ParsedStatement, type StatementOf } from "@tet/schemas";

/** A claim against a warranty, as the log tells it. */
export interface WarrantyClaim {
  index: number;
  ts: number;
  by: string;
  evidence: number[];
  status: "open" | "accepted" | "rejected";
  decidedAt?: number;
  reason?: string;
}

/** A warranty's state computed from the log: issue, claims and their decisions, void, expiry, transfers. */
export interface WarrantyView {
  id: string;
  issuer: string;
  status: "active" | "expired" | "void" | "ended-by-transfer";
  issued: { index: number; ts: number };
  until?: number;
  transferable: boolean;
  terms?: string;
  claims: WarrantyClaim[];
  voided?: { index: number; ts: number; reason?: string };
}

/** A log entry of the object: its index and the parsed statement. */
export interface IndexedStatement {
  index: number;
  parsed: ParsedStatement;
}

/**
 * Every warranty of an object and its status at `now`, folded over the object's statements in log
 * order (pure). Void wins; then a non-transferable warranty ends at the first transfer after its
 * issue ("warranties follow the object unless their terms say otherwise"); then expiry (`until`).
 * A claim stays open until the issuer accepts or rejects it (the latest open claim is decided).
 */
export function warrantyStatus(entries: readonly IndexedStatement[], now: number): WarrantyView[] {
  const out = new Map<string, WarrantyView>();
  for (const { index, parsed } of entries) {
    const s = parsed.statement;
    if (s.t === "transfer") {
      for (const w of out.values())
        if (!w.transferable && w.status === "active") w.status = "ended-by-transfer";
      continue;
    }
    if (s.t !== "warranty") continue;
    const w = out.get(s.warranty);
    if (s.action === "issue") {
      if (w === undefined) out.set(s.warranty, issued(s, index, didKeyFromPublicKey(parsed.signer)));
      continue;
    }
    if (w === undefined) continue;
    const by = didKeyFromPublicKey(parsed.signer);
    if (s.action === "claim") {
      w.claims.push({ index, ts: s.ts, by, evidence: [...(s.evidence ?? [])], status: "open" });
    } else if (s.action === "void") {
      w.status = "void";
      w.voided = { index, ts: s.ts, ...(s.reason === undefined ? {} : { reason: s.reason }) };
    } else {
      const open = w.claims.findLast((c) => c.status === "open");
      if (open) {
        open.status = s.action === "accept" ? "accepted" : "rejected";
        open.decidedAt = s.ts;
        if (s.reason !== undefined) open.reason = s.reason;
      }
    }
  }
  for (const w of out.values())
    if (w.status === "active" && w.until !== undefined && w.until < now) w.status = "expired";
  return [...out.values()];
}

function issued(s: StatementOf<"warranty">, index: number, signer: string): WarrantyView {
  const w: WarrantyView = {
    id: s.warranty,
    issuer: s.issuer ?? signer,
    status: "active",
    issued: { index, ts: s.ts },
    transferable: s.transferable ?? true,
    claims: [],
  };
  if (s.until !== undefined) w.until = s.until;
  if (s.terms !== undefined) w.terms = s.terms;
  return w;
}
