import { LedgerError } from "./ledgerError.js";
import type { ProjectionRow } from "./ledgerStore.js";
import type { ProjectionKind, ProjectionValues } from "./projectionRows.js";

/** How one projection kind's value is stored: JSON text, checked field by field when read back. */
export interface ProjectionCodec<T> {
  /** The value a row's text holds; MALFORMED_PROJECTION when it is not JSON or not this kind's shape. */
  parse(text: string): T;
  /** The row's text (`serialiseProjection`). */
  serialise(value: T): string;
}

type Fields = Record<string, unknown>;
const isFields = (v: unknown): v is Fields => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === "string";
const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const bool = (v: unknown): v is boolean => typeof v === "boolean";
const opt = (v: unknown, is: (v: unknown) => boolean) => v === undefined || is(v);
const WARRANTY_STATUSES: readonly unknown[] = ["active", "claimed", "accepted", "rejected", "void"];
const isReading = (v: unknown) => isFields(v) && (num(v.v) || bool(v.v) || str(v.v)) && opt(v.u, str);

/** Every kind's value is stored as its JSON text (what `projectionDigest` hashes: it must not change). */
export function serialiseProjection(value: ProjectionValues[ProjectionKind]): string {
  return JSON.stringify(value);
}

function codec<T extends ProjectionValues[ProjectionKind]>(
  kind: ProjectionKind,
  valid: (v: Fields) => boolean,
): ProjectionCodec<T> {
  return {
    parse(text: string): T {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new LedgerError("MALFORMED_PROJECTION", `${kind}: not JSON`, { cause: e });
      }
      if (!isFields(value) || !valid(value))
        throw new LedgerError("MALFORMED_PROJECTION", `${kind}: ${text.slice(0, 120)}`);
      return value as T; // every field of T checked just above
    },
    serialise: serialiseProjection,
  };
}

/**
 * One codec per projection kind: the only place stored projection text is turned into typed rows
 * (the ledger's views, the passport API, the receipt book, the broker's and device CA's login
 * checks read through it). A row whose text does not hold its kind's fields is refused with
 * MALFORMED_PROJECTION, never read half-typed.
 */
export const PROJECTION_CODECS: { readonly [K in ProjectionKind]: ProjectionCodec<ProjectionValues[K]> } = {
  object: codec("object", (v) => {
    const texts = [v.name, v.model, v.manufacturer, v.maker, v.serial];
    return (
      str(v.owner) && str(v.class) && num(v.genesis) && num(v.updated) && texts.every((t) => opt(t, str))
    );
  }),
  key: codec("key", (v) => str(v.role) && num(v.since)),
  head: codec("head", (v) => num(v.seq) && str(v.hash) && num(v.index) && opt(v.ts, num)),
  state: codec(
    "state",
    (v) =>
      num(v.seq) &&
      num(v.ts) &&
      num(v.index) &&
      isFields(v.readings) &&
      Object.values(v.readings).every(isReading),
  ),
  warranty: codec(
    "warranty",
    (v) =>
      str(v.issuer) &&
      WARRANTY_STATUSES.includes(v.status) &&
      num(v.issued) &&
      num(v.updated) &&
      opt(v.accepted, bool) &&
      opt(v.until, num) &&
      opt(v.transferable, bool) &&
      opt(v.terms, str),
  ),
  tariff: codec(
    "tariff",
    (v) =>
      str(v.unit) &&
      str(v.price) &&
      str(v.payout) &&
      num(v.from) &&
      opt(v.until, num) &&
      str(v.by) &&
      num(v.index),
  ),
  relation: codec("relation", (v) => num(v.since)),
  settlement: codec("settlement", (v) => str(v.rater) && str(v.tx) && str(v.session) && num(v.index)),
  rating: codec("rating", (v) => num(v.score) && opt(v.text, str) && str(v.by) && num(v.index)),
  authority: codec("authority", (v) => str(v.hash) && num(v.index) && opt(v.linked, (l) => l === true)),
  seen: codec("seen", (v) => num(v.index)),
};

/** The typed value of a stored row of `kind` (MALFORMED_PROJECTION if its text is not that). */
export function parseProjection<K extends ProjectionKind>(kind: K, text: string): ProjectionValues[K] {
  const c: ProjectionCodec<ProjectionValues[K]> = PROJECTION_CODECS[kind];
  return c.parse(text);
}

/**
 * The value of `row` if it is a live row of `kind`, else undefined (another kind, or deleted).
 *
 * @example
 * const role = rows.map((r) => projectionOf(r, "key")).find(Boolean)?.role;
 */
export function projectionOf<K extends ProjectionKind>(
  row: ProjectionRow,
  kind: K,
): ProjectionValues[K] | undefined {
  return row.kind === kind && row.value !== null ? parseProjection(kind, row.value) : undefined;
}
