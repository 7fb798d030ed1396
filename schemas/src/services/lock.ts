import { type CborValue, compareBytes, decodeStrict, encode } from "../cbor/index.js";
import { sha256 } from "../crypto/index.js";
import { TetError } from "../errors.js";
import { ipv6FromText, ipv6ToText } from "../ids/index.js";
import { type Codec, codecs, type Infer, serviceFields } from "../statements/index.js";
import { compareRefs } from "./serviceRef.js";

const { arrayOf, bytes, literal, objectId, record, struct } = codecs;

/** The service-lock format version this code writes and reads. */
export const LOCK_VERSION = 1;
/** At most this many services in one host's lock, and this many bytes in its encoding. */
export const MAX_LOCK_SERVICES = 1024;
export const MAX_LOCK_BYTES = 8 * 1024 * 1024;

/** A 16-byte IPv6 address; JSON: its RFC 5952 text. */
const address: Codec<Uint8Array> = {
  ...bytes({ length: 16 }),
  fromJson: (v, path) => {
    try {
      return ipv6FromText(String(v));
    } catch (cause) {
      throw new TetError("LOCK_INVALID", `${path}: expected an IPv6 address`, { cause });
    }
  },
  toJson: (v) => ipv6ToText(v),
};
const hash = bytes({ length: 32 });

/** The provider a requirement resolved to: which service, the interface version it offers, where, and from which manifest. */
const lockedProvider = struct({
  obj: objectId,
  name: serviceFields.name,
  version: serviceFields.version,
  address,
  manifest: hash,
});

/** One requirement of a locked service, as its manifest states it; `provider` is absent only for an optional one nobody offers. */
const lockedRequirement = struct(
  { range: serviceFields.range, mode: serviceFields.mode },
  { of: serviceFields.of, provider: lockedProvider },
);

const lockedService = struct({
  obj: objectId,
  name: serviceFields.name,
  version: serviceFields.version,
  address,
  manifest: hash,
  requires: record(lockedRequirement, { max: 32 }),
});

/**
 * The service lock's schema: the host's services in canonical order (object id bytes, then name),
 * each with its manifest's hash and every requirement (keyed by interface name) resolved to a
 * provider; and `remote`, the hashes (ascending) of the remote manifests that were candidates — those
 * satisfying some requirement — so that the lock names every input of its resolution.
 */
export const serviceLockCodec = struct({
  v: literal(LOCK_VERSION),
  services: arrayOf(lockedService, { max: MAX_LOCK_SERVICES }),
  remote: arrayOf(hash, { max: MAX_LOCK_SERVICES }),
});

export type ServiceLock = Infer<typeof serviceLockCodec>;
export type LockedService = Infer<typeof lockedService>;
export type LockedRequirement = Infer<typeof lockedRequirement>;
export type LockedProvider = Infer<typeof lockedProvider>;

/** The canonical encoding of a lock: deterministic CBOR (RFC 8949 §4.2.1) of its strict map. */
export function encodeLock(lock: ServiceLock): Uint8Array {
  return encode(
    checkOrder(serviceLockCodec.decode(lock as unknown as CborValue, "lock")) as unknown as CborValue,
  );
}

/**
 * Decodes a lock from untrusted bytes: size limit, strict deterministic CBOR, the schema, then the
 * canonical order of services. Every defect is LOCK_INVALID, naming it.
 */
export function decodeLock(bytes: Uint8Array): ServiceLock {
  try {
    const value = decodeStrict(bytes, { maxBytes: MAX_LOCK_BYTES, tags: [] });
    return checkOrder(serviceLockCodec.decode(value, "lock"));
  } catch (cause) {
    if (cause instanceof TetError && cause.code === "LOCK_INVALID") throw cause;
    throw new TetError("LOCK_INVALID", cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** The JSON form of a lock (bytes as hex, object ids as text), as `tet` prints it. */
export function lockToJson(lock: ServiceLock): unknown {
  return serviceLockCodec.toJson(lock);
}

/** A lock from its JSON form, checked like `decodeLock`. */
export function lockFromJson(json: unknown): ServiceLock {
  try {
    return checkOrder(serviceLockCodec.fromJson(json, "lock"));
  } catch (cause) {
    if (cause instanceof TetError && cause.code === "LOCK_INVALID") throw cause;
    throw new TetError("LOCK_INVALID", cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** SHA-256 of a lock's canonical encoding: how a supervisor or a passport names the lock it runs. */
export function lockHash(lock: ServiceLock): Uint8Array {
  return sha256(encodeLock(lock));
}

function checkOrder(lock: ServiceLock): ServiceLock {
  for (let i = 1; i < lock.services.length; i++) {
    const [a, b] = [lock.services[i - 1], lock.services[i]];
    if (a && b && compareRefs(a, b) >= 0)
      throw new TetError(
        "LOCK_INVALID",
        `lock.services[${i}]: not after the one before (object id, then name; no repeats)`,
      );
  }
  for (let i = 1; i < lock.remote.length; i++)
    if (compareBytes(lock.remote[i - 1]!, lock.remote[i]!) >= 0)
      throw new TetError(
        "LOCK_INVALID",
        `lock.remote[${i}]: not after the one before (ascending bytes; no repeats)`,
      );
  return lock;
}
