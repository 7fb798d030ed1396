import { didKeyFromPublicKey, hex } from "@tet/schemas";
import {
  type ProjectionKind,
  type ProjectionRow,
  type ProjectionValues,
  projectionOf,
  type TariffRow,
} from "../ledger/index.js";
import type { ObjectSummary } from "./objectIndex.js";
import { type IndexedStatement, type WarrantyView, warrantyStatus } from "./warrantyStatus.js";

/** The passport of an avatar: what `GET /v1/objects/{id}` returns (JSON, or CBOR on request). */
export interface Passport {
  id: string;
  address: string;
  class: string;
  name?: string;
  model?: string;
  manufacturer?: string;
  maker?: string;
  serial?: string;
  created: { index: number; ts: number };
  owner: string;
  /**
   * The object's authority head: SHA-256 (hex) of its last authority statement (genesis, transfer,
   * key, relation or warranty) and its log index — the `prev` the next one must name.
   */
  authority?: { prev: string; index: number };
  /** Every owner in order, with the date and log index from which they owned it. */
  owners: { owner: string; since: number; index: number }[];
  keys: { key: string; did: string; role: string; since: number }[];
  documents: {
    title: string;
    mediaType: string;
    uri: string;
    hash: string;
    size?: number;
    by: string;
    ts: number;
    index: number;
  }[];
  warranties: WarrantyView[];
  events: { event: string; text: string; by: string; ts: number; index: number; evidence: number[] }[];
  state?: { seq: number; ts: number; index: number; readings: Record<string, { v: unknown; u?: string }> };
  /** This object's own `part-of` and `located-in` relations (objects naming it are not listed). */
  relations: { rel: string; target: string; since: number }[];
  /** The object's tariffs, as the ledger projects them. */
  tariffs: TariffRow[];
  counts: { statements: number; device: number; byKind: Record<string, number> };
  /** Verified ratings (payers of settled sessions): count, mean score, each linked to its settlement. */
  ratings: {
    count: number;
    average: number | null;
    items: { score: number; text?: string; by: string; settlement: string; tx?: string; index: number }[];
  };
  /** The last log checkpoint anchored on chain and its transaction, when anchoring runs. */
  anchor?: {
    origin: string;
    size: number;
    root: string;
    tx: string;
    block: string;
    chainId: number;
    at: number;
  };
}

/**
 * Builds a passport (pure) from the object's projection rows and its non-device statements in log
 * order (genesis first); `now` decides warranty expiry. Device history is summarised by the chain
 * head (its seq counts the device statements) and the latest state.
 */
export function buildPassport(input: {
  summary: ObjectSummary;
  rows: readonly ProjectionRow[];
  statements: readonly IndexedStatement[];
  now: number;
  anchor?: Passport["anchor"];
}): Passport {
  const { summary, rows, statements } = input;
  const get: RowsOf = (kind) => rowsOf(rows, kind);
  const object = get("object")[0]?.[1];
  const authority = get("authority")[0]?.[1];
  const head = get("head")[0]?.[1];
  const genesis = statements[0];
  const g = genesis?.parsed.statement;
  const p: Passport = {
    id: summary.id,
    address: summary.address,
    class: summary.class,
    created: { index: summary.genesis, ts: g?.ts ?? 0 },
    owner: object?.owner ?? summary.owner,
    ...(authority ? { authority: { prev: authority.hash, index: authority.index } } : {}),
    owners: [],
    keys: get("key").map(([key, k]) => ({
      key,
      did: didKeyFromPublicKey(hexBytes(key)),
      role: k.role,
      since: k.since,
    })),
    documents: [],
    warranties: warrantyStatus(statements, input.now),
    events: [],
    relations: get("relation").map(([key, r]) => {
      const [rel, target] = key.split("/") as [string, string];
      return { rel, target, since: r.since };
    }),
    tariffs: get("tariff").map(([, t]) => t),
    counts: { statements: statements.length + (head?.seq ?? 0), device: head?.seq ?? 0, byKind: {} },
    ratings: ratingsOf(get),
  };
  if (input.anchor) {
    const { origin, size, root, tx, block, chainId, at } = input.anchor;
    p.anchor = { origin, size, root, tx, block, chainId, at };
  }
  for (const k of ["name", "model", "manufacturer", "serial"] as const)
    if (summary[k] !== undefined) p[k] = summary[k];
  const state = get("state")[0]?.[1];
  if (state) p.state = state;
  for (const { index, parsed } of statements) {
    const s = parsed.statement;
    p.counts.byKind[s.t] = (p.counts.byKind[s.t] ?? 0) + 1;
    const by = didKeyFromPublicKey(parsed.signer);
    if (s.t === "genesis") {
      p.owners.push({ owner: s.owner, since: s.ts, index });
      if (s.maker !== undefined) p.maker = s.maker;
    } else if (s.t === "transfer") p.owners.push({ owner: s.to, since: s.ts, index });
    else if (s.t === "document") {
      const { title, mediaType, uri, size } = s;
      p.documents.push({
        title,
        mediaType,
        uri,
        hash: hex(s.hash),
        ...(size === undefined ? {} : { size }),
        by,
        ts: s.ts,
        index,
      });
    } else if (s.t === "event") {
      p.events.push({ event: s.event, text: s.text, by, ts: s.ts, index, evidence: [...(s.evidence ?? [])] });
    }
  }
  if (head) p.counts.byKind.device = head.seq;
  return p;
}

/** The live rows of one kind, by key, typed by the ledger's codec for the kind. */
type RowsOf = <K extends ProjectionKind>(kind: K) => (readonly [string, ProjectionValues[K]])[];

function rowsOf<K extends ProjectionKind>(
  rows: readonly ProjectionRow[],
  kind: K,
): (readonly [string, ProjectionValues[K]])[] {
  const out: (readonly [string, ProjectionValues[K]])[] = [];
  for (const r of rows) {
    const value = projectionOf(r, kind);
    if (value !== undefined) out.push([r.key, value]);
  }
  return out;
}

/** Ratings from the `rating` projection, each with its settlement's transaction (`settlement` rows). */
function ratingsOf(get: RowsOf): Passport["ratings"] {
  const tx = new Map(get("settlement").map(([ref, s]) => [ref, s.tx]));
  const items = get("rating")
    .map(([settlement, r]) => {
      const t = tx.get(settlement);
      return { ...r, settlement, ...(t === undefined ? {} : { tx: t }) };
    })
    .sort((a, b) => a.index - b.index);
  const sum = items.reduce((t, r) => t + r.score, 0);
  return {
    count: items.length,
    average: items.length === 0 ? null : Math.round((sum / items.length) * 100) / 100,
    items,
  };
}

function hexBytes(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}
