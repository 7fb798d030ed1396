import {
  DEFAULT_AVATAR_PREFIX,
  objectIdFromGenesis,
  objectIdToText,
  type ParsedStatement,
} from "@tet/schemas";
import { type LedgerStore, type ObjectRow, projectionOf } from "../ledger/index.js";
import { avatarAddresser } from "./avatarAddresser.js";

/** One avatar as the list and the search show it. */
export interface ObjectSummary {
  id: string;
  address: string;
  class: string;
  owner: string;
  name?: string;
  model?: string;
  manufacturer?: string;
  serial?: string;
  /** Log index of the genesis statement. */
  genesis: number;
}

/** A search over the index: free text, class and owner, a page after an id. */
export interface ObjectQuery {
  q?: string;
  kind?: string;
  owner?: string;
  after?: string;
  limit: number;
}

const DESCRIPTIVE = ["name", "model", "manufacturer", "serial"] as const;

/**
 * Every avatar's summary in memory, by id and by IPv6 address: the list and search routes read it,
 * and the avatar-address route finds which object a local address names. Loaded once from the
 * ledger's `object` projections, then kept current by `apply` for every appended statement
 * (idempotent, so the same statement may arrive from a POST and from the append feed).
 */
export class ObjectIndex {
  readonly prefix: string;
  readonly #byId = new Map<string, ObjectSummary>();
  readonly #byAddress = new Map<string, string>();
  readonly #address: (objectId: Uint8Array) => string;
  #sorted: ObjectSummary[] | undefined;

  constructor(opts: { prefix?: string } = {}) {
    this.prefix = opts.prefix ?? DEFAULT_AVATAR_PREFIX;
    this.#address = avatarAddresser(this.prefix);
  }

  /** Builds the index from the `object` projection rows of `store` (only those), a page at a time. */
  static async load(store: LedgerStore, opts: { prefix?: string } = {}): Promise<ObjectIndex> {
    const index = new ObjectIndex(opts);
    let after: Awaited<ReturnType<LedgerStore["allProjections"]>>[number] | undefined;
    for (;;) {
      const rows = await store.allProjections({ ...(after ? { after } : {}), limit: 10_000, kind: "object" });
      for (const r of rows) {
        const row = projectionOf(r, "object");
        if (row !== undefined) index.#put(r.object, row);
      }
      if (rows.length < 10_000) return index;
      after = rows[rows.length - 1];
    }
  }

  #put(object: Uint8Array, row: ObjectRow): void {
    const id = objectIdToText(object);
    const summary: ObjectSummary = {
      id,
      address: this.#address(object),
      class: row.class,
      owner: row.owner,
      genesis: row.genesis,
    };
    for (const k of DESCRIPTIVE) if (row[k] !== undefined) summary[k] = row[k];
    if (!this.#byId.has(id)) this.#sorted = undefined;
    this.#byId.set(id, summary);
    this.#byAddress.set(summary.address, id);
  }

  /** Records an accepted statement at log `index`: genesis adds an avatar, transfer changes its owner. */
  apply(p: Pick<ParsedStatement, "bytes" | "statement">, index: number): void {
    const s = p.statement;
    if (s.t === "genesis") {
      const id = objectIdFromGenesis(p.bytes);
      if (this.#byId.has(objectIdToText(id))) return;
      const { owner, class: cls, name, model, manufacturer, serial } = s;
      const row: ObjectRow = { owner, class: cls, genesis: index, updated: index };
      for (const [k, v] of Object.entries({ name, model, manufacturer, serial }))
        if (v !== undefined) Object.assign(row, { [k]: v });
      this.#put(id, row);
    } else if (s.t === "transfer") {
      const o = this.#byId.get(objectIdToText(s.obj));
      if (o) o.owner = s.to;
    }
  }

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): ObjectSummary | undefined {
    return this.#byId.get(id);
  }

  /** The object whose avatar address is `address` (canonical RFC 5952 text), if any. */
  byAddress(address: string): ObjectSummary | undefined {
    const id = this.#byAddress.get(address);
    return id === undefined ? undefined : this.#byId.get(id);
  }

  /** Objects matching every given filter, ordered by id, at most `limit` after `after`. */
  search(query: ObjectQuery): { items: ObjectSummary[]; next?: string } {
    this.#sorted ??= [...this.#byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const q = query.q?.trim().toLowerCase();
    const items: ObjectSummary[] = [];
    for (const o of this.#sorted) {
      if (query.after !== undefined && o.id <= query.after) continue;
      if (query.kind !== undefined && o.class !== query.kind) continue;
      if (query.owner !== undefined && o.owner !== query.owner) continue;
      if (q && !matches(o, q)) continue;
      if (items.length === query.limit) return { items, next: items[items.length - 1]?.id as string };
      items.push(o);
    }
    return { items };
  }
}

function matches(o: ObjectSummary, q: string): boolean {
  if (o.id.startsWith(q) || o.class.includes(q)) return true;
  return DESCRIPTIVE.some((k) => o[k]?.toLowerCase().includes(q));
}
