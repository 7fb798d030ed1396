/** Ownership and description, from genesis and transfers. */
export interface ObjectRow {
  owner: string;
  class: string;
  name?: string;
  model?: string;
  manufacturer?: string;
  /** The manufacturer's did:key (genesis `maker`): may attach documents. */
  maker?: string;
  serial?: string;
  genesis: number;
  updated: number;
}
/** A bound key: `role` device or delegate. */
export interface KeyRow {
  role: string;
  since: number;
}
/** The device chain head: last seq, SHA-256 of its bytes (hex), its log index and `ts`. */
export interface HeadRow {
  seq: number;
  hash: string;
  index: number;
  /** Absent in rows written before the timestamp checks. */
  ts?: number;
}
/** The latest `state` statement of the device chain. */
export interface StateRow {
  seq: number;
  ts: number;
  index: number;
  readings: Record<string, { v: number | boolean | string; u?: string }>;
}
/**
 * The object's authority head: SHA-256 (hex) of its last authority statement's bytes (the genesis,
 * then each transfer, key, relation or warranty statement) and its log index; `linked` once a
 * version 2 (chained) statement has been applied, after which version 1 ones are refused even from the log.
 */
export interface AuthorityRow {
  hash: string;
  index: number;
  linked?: true;
}
/** A warranty by its id, as issued and since changed. */
export interface WarrantyRow {
  issuer: string;
  /** False for a warranty whose issuer the owner had not accepted (only from an old log): the owner may void it. */
  accepted?: boolean;
  status: "active" | "claimed" | "accepted" | "rejected" | "void";
  until?: number;
  transferable?: boolean;
  terms?: string;
  issued: number;
  updated: number;
}
/** A provider's tariff, keyed by unit and log index: price in TET base units (decimal text). */
export interface TariffRow {
  unit: string;
  price: string;
  /** The payout address, hex. */
  payout: string;
  from: number;
  until?: number;
  /** The signer's did:key. */
  by: string;
  index: number;
}
/** A `part-of` / `located-in` relation, keyed `rel/target`. */
export interface RelationRow {
  since: number;
}
/** A settled session (from the provider's settlement note): who may rate it, and its transaction. */
export interface SettlementRow {
  rater: string;
  tx: string;
  session: string;
  index: number;
}
/** A verified rating of a settlement. */
export interface RatingRow {
  score: number;
  text?: string;
  by: string;
  index: number;
}
/** A non-device statement already in the log, keyed by its content key: what makes appends idempotent. */
export interface SeenRow {
  index: number;
}

/** The value each projection kind holds; every row is partitioned by object. */
export interface ProjectionValues {
  object: ObjectRow;
  key: KeyRow;
  head: HeadRow;
  state: StateRow;
  warranty: WarrantyRow;
  tariff: TariffRow;
  relation: RelationRow;
  settlement: SettlementRow;
  rating: RatingRow;
  authority: AuthorityRow;
  seen: SeenRow;
}

/** The projection row kinds. */
export type ProjectionKind = keyof ProjectionValues;
