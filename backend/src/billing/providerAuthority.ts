import { bytesEqual, didKeyFromPublicKey, hex, type Statement } from "@tet/schemas";

/**
 * Who may speak for an object at each point of its log, followed statement by statement (pure): the
 * owner (genesis, then transfers), delegates and device keys (genesis `deviceKeys`, owner-signed
 * `key` statements). Billing uses it to accept a tariff only from the provider — the owner or a
 * delegate at that moment — and usage only from a bound device key, also when recomputing from a
 * bundle, where these rules are not otherwise checked offline.
 */
export class ProviderAuthority {
  owner: string | undefined;
  readonly #keys = new Map<string, "device" | "delegate" | "issuer">();
  /** The device key last confirmed, compared byte-wise before hex-and-lookup (the hot path of invoices). */
  #lastDevice: Uint8Array | undefined;

  /** Applies one statement in log order (statements that change nothing are ignored). */
  apply(s: Statement): void {
    if (s.t === "key") this.#lastDevice = undefined;
    if (s.t === "genesis") {
      this.owner = s.owner;
      for (const k of s.deviceKeys) this.#keys.set(hex(k), "device");
    } else if (s.t === "transfer") {
      this.owner = s.to;
    } else if (s.t === "key") {
      if (s.action === "add") this.#keys.set(hex(s.key), s.role);
      else if (this.#keys.get(hex(s.key)) === s.role) this.#keys.delete(hex(s.key));
    }
  }

  /** The owner or a delegate: who may publish tariffs and command the object. */
  isProvider(signer: Uint8Array): boolean {
    return didKeyFromPublicKey(signer) === this.owner || this.#keys.get(hex(signer)) === "delegate";
  }

  /** A device key bound to the object. */
  isDevice(signer: Uint8Array): boolean {
    if (this.#lastDevice !== undefined && bytesEqual(this.#lastDevice, signer)) return true;
    const ok = this.#keys.get(hex(signer)) === "device";
    if (ok) this.#lastDevice = signer;
    return ok;
  }
}
