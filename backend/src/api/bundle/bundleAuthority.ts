import {
  bytesEqual,
  didKeyFromPublicKey,
  hex,
  isChainedStatement,
  isDeviceStatement,
  objectIdFromGenesis,
  type ParsedStatement,
} from "@tet/schemas";
import type { BundleDefect } from "./bundleError.js";

type Refusal = [BundleDefect["code"], string];

const ZERO32 = new Uint8Array(32);

/**
 * The object's authority as a bundle unfolds (pure): owners, bound device keys, the device chain
 * head, and the authority chain head — SHA-256 of the last authority statement (genesis, then each
 * transfer, key, relation or warranty), which a version 2 one must name in `prev` (issue 23: a
 * replayed statement does not link).
 */
export class BundleAuthority {
  owners: string[] = [];
  devices = new Set<string>();
  seq = 0;
  prev: Uint8Array = ZERO32;
  /** An entry before this point was pruned: the next device statement may resume the chain anywhere later. */
  pruned = false;
  #authority: Uint8Array = ZERO32;
  #linked = false;
  readonly #digest: (data: Uint8Array) => Uint8Array;

  constructor(digest: (data: Uint8Array) => Uint8Array) {
    this.#digest = digest;
  }

  /** Applies the next statement of the bundle; returns the defect, if it does not follow. */
  apply(p: ParsedStatement, object: Uint8Array, first: boolean): Refusal | undefined {
    const s = p.statement;
    if (first) {
      if (s.t !== "genesis" || !bytesEqual(objectIdFromGenesis(p.bytes), object))
        return ["BUNDLE_NO_GENESIS", "the first entry"];
      this.owners.push(s.owner);
      for (const k of s.deviceKeys) this.devices.add(hex(k));
      this.#authority = this.#digest(p.bytes);
      return undefined;
    }
    if (s.t === "genesis" || !("obj" in s) || !bytesEqual(s.obj, object)) return ["BUNDLE_WRONG_OBJECT", s.t];
    if (isDeviceStatement(s)) {
      if (!this.devices.has(hex(p.signer))) return ["BUNDLE_KEY_NOT_BOUND", `seq ${s.seq}`];
      const resume = this.pruned && s.seq > this.seq;
      if (!resume && s.seq !== this.seq + 1) return ["BUNDLE_CHAIN_GAP", `seq ${s.seq} after ${this.seq}`];
      if (!resume && !bytesEqual(s.prev, this.prev)) return ["BUNDLE_CHAIN_FORK", `seq ${s.seq}`];
      this.seq = s.seq;
      this.prev = this.#digest(p.bytes);
      this.pruned = false;
      return undefined;
    }
    if (isChainedStatement(s)) {
      if (s.v === 1 ? this.#linked : !bytesEqual(s.prev, this.#authority))
        return ["BUNDLE_AUTHORITY_UNLINKED", `${s.t} v${s.v} does not name the previous authority statement`];
      if (s.v === 2) this.#linked = true;
      this.#authority = this.#digest(p.bytes);
    }
    if (s.t === "transfer" || s.t === "key" || s.t === "relation") {
      if (didKeyFromPublicKey(p.signer) !== this.owners[this.owners.length - 1])
        return ["BUNDLE_NOT_OWNER", s.t];
      if (s.t === "transfer") this.owners.push(s.to);
      if (s.t === "key" && s.role === "device") {
        if (s.action === "add") this.devices.add(hex(s.key));
        else this.devices.delete(hex(s.key));
      }
    }
    return undefined;
  }
}
