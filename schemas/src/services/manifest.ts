import type { Ed25519Verifier } from "../crypto/index.js";
import { sha256 } from "../crypto/index.js";
import { TetError } from "../errors.js";
import { serviceAddress, serviceAddressBytes } from "../ids/index.js";
import { openStatement, type ParsedStatement, type StatementOf } from "../statements/index.js";
import { serviceKey } from "./serviceRef.js";

/** The port a service listens on when its manifest names none: it owns its address, so HTTP's own. */
export const DEFAULT_SERVICE_PORT = 80;

/** A `service` statement as the resolver uses it: the signed bytes, their hash and what follows from them. */
export interface ServiceManifest {
  readonly statement: StatementOf<"service">;
  /** The statement's bytes as signed and stored in the log. */
  readonly bytes: Uint8Array;
  /** SHA-256 of `bytes`: what a lock names and what the next manifest's `replaces` names. */
  readonly hash: Uint8Array;
  /** The signer's Ed25519 key; that it is the object's owner is the ledger's check. */
  readonly signer: Uint8Array;
  readonly obj: Uint8Array;
  readonly name: string;
  readonly version: string;
  /** `{object id}/{name}`. */
  readonly key: string;
  /** The derived address (prefix ‖ serviceInterfaceId), as text and as 16 bytes. */
  readonly address: string;
  readonly addressBytes: Uint8Array;
  /** `port` or 80. */
  readonly port: number;
}

/**
 * A manifest from a statement already parsed (and verified) by the caller — the ledger, a bundle
 * verifier. Refuses any other kind (SERVICE_INVALID).
 */
export function manifestOf(parsed: ParsedStatement): ServiceManifest {
  const s = parsed.statement;
  if (s.t !== "service")
    throw new TetError("SERVICE_INVALID", `a ${s.t} statement is not a service manifest`);
  const where = { prefix: s.prefix, objectId: s.obj, name: s.name };
  return {
    statement: s,
    bytes: parsed.bytes,
    hash: sha256(parsed.bytes),
    signer: parsed.signer,
    obj: s.obj,
    name: s.name,
    version: s.version,
    key: serviceKey(s),
    address: serviceAddress(where),
    addressBytes: serviceAddressBytes(where),
    port: s.port ?? DEFAULT_SERVICE_PORT,
  };
}

/**
 * Opens a manifest from untrusted bytes: strict decoding, the signature (`openStatement`), then the
 * kind. Throws TetError with the first defect's code.
 *
 * @example openManifest(bytes, { verifier: nodeVerifier }).address // "fd54:4554:1:0:…"
 */
export function openManifest(bytes: Uint8Array, options: { verifier: Ed25519Verifier }): ServiceManifest {
  return manifestOf(openStatement(bytes, options));
}
