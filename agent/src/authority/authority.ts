import {
  bytesEqual,
  didKeyFromPublicKey,
  type Ed25519Verifier,
  hex,
  isChainedStatement,
  objectIdFromGenesis,
  objectIdToText,
  openStatement,
  type ParsedStatement,
  publicKeyFromDidKey,
  sha256,
} from "@tet/schemas/device";
import { AgentError } from "../errors.js";

/**
 * Who may speak for an object, learned from its authority chain — the `genesis`, then every
 * `transfer`, `key`, `relation` and `warranty` statement in log order (schemas README, MQTT
 * protocol: Down) — without trusting the backend: the genesis must hash to the object id
 * (`objectIdFromGenesis`), each later version 2 statement must name the one before it in `prev`,
 * and transfer, key and relation must be signed by the owner of their moment. The same rules as the ledger's: a
 * transfer changes only the owner; `key` add binds a key as device or delegate, revoke unbinds it.
 */
export class Authority {
  /** The current owner's did:key; undefined until the genesis has been seen. */
  owner: string | undefined;
  private readonly roles = new Map<string, "device" | "delegate" | "issuer">();
  private readonly seen = new Set<string>();
  /** The statements applied, in order: what the agent persists and reloads. */
  readonly chain: Uint8Array[] = [];
  /** SHA-256 of the last statement applied: what a version 2 one must name in `prev`. */
  private head: Uint8Array | undefined;
  /** True once a version 2 (linked) statement was applied: version 1 ones are refused from then on. */
  private linked = false;

  constructor(
    readonly objectId: Uint8Array,
    private readonly verifier: Ed25519Verifier,
  ) {}

  /** True once the genesis has been applied. */
  get known(): boolean {
    return this.owner !== undefined;
  }

  /**
   * Applies one authority statement. Returns false for one already applied (the backend resends the
   * chain on every subscription); throws AUTHORITY_INVALID for one that does not follow.
   */
  accept(bytes: Uint8Array): boolean {
    const id = hex(sha256(bytes));
    if (this.seen.has(id)) return false;
    const p = openStatement(bytes, { verifier: this.verifier });
    this.apply(p);
    this.head = sha256(bytes);
    this.seen.add(id);
    this.chain.push(bytes);
    return true;
  }

  /** True when `key` is bound to the object as a device key. */
  isDevice(key: Uint8Array): boolean {
    return this.roles.get(hex(key)) === "device";
  }

  /** True when `key` may command the object: the current owner or a delegate. */
  mayCommand(key: Uint8Array): boolean {
    return (
      (this.owner !== undefined && didKeyFromPublicKey(key) === this.owner) ||
      this.roles.get(hex(key)) === "delegate"
    );
  }

  private apply(p: ParsedStatement): void {
    const s = p.statement;
    const invalid = (why: string) => new AgentError("AUTHORITY_INVALID", `${s.t}: ${why}`);
    if (s.t === "genesis") {
      if (this.known) throw invalid("a second genesis");
      if (!bytesEqual(objectIdFromGenesis(p.bytes), this.objectId))
        throw invalid(`it does not hash to object ${objectIdToText(this.objectId)}`);
      if (!bytesEqual(publicKeyFromDidKey(s.owner), p.signer)) throw invalid("not signed by its owner");
      this.owner = s.owner;
      for (const k of s.deviceKeys) this.roles.set(hex(k), "device");
      return;
    }
    if (!isChainedStatement(s)) throw invalid("not part of an authority chain");
    if (!this.known) throw invalid("arrived before the genesis");
    if (!bytesEqual(s.obj, this.objectId)) throw invalid("about another object");
    // Issue 23: a version 2 statement names the one before it; a version 1 one (from before the
    // chain) only counts until the first linked one, so an old statement never applies again.
    if (s.v === 2 ? !bytesEqual(s.prev, this.head as Uint8Array) : this.linked)
      throw invalid("does not name the previous authority statement (prev)");
    if (s.v === 2) this.linked = true;
    if (s.t === "warranty") return; // a warranty's issuer is the backend's check; it changes no authority
    if (didKeyFromPublicKey(p.signer) !== this.owner) throw invalid("not signed by the owner of its moment");
    if (s.t === "relation") return;
    if (s.t === "transfer") this.owner = s.to;
    else if (s.action === "add") this.roles.set(hex(s.key), s.role);
    else this.roles.delete(hex(s.key));
  }
}
