import {
  address,
  amount,
  arrayOf,
  bool,
  bytes,
  type Codec,
  did,
  num,
  objectId,
  oneOf,
  text,
  uint,
  union,
  versioned,
} from "./codec.js";
import { about, base, bytes32, chained, device, timestamp, USAGE_UNITS } from "./common.js";
import { serviceManifest } from "./serviceManifest.js";
import { record, struct } from "./struct.js";

const name = text({ max: 64 });
const note = text({ max: 2000 });
const logIndexes = arrayOf(uint(), { max: 64 });
const reading = struct(
  { v: union(num(), union(text({ max: 256, min: 0 }), bool)) },
  { u: text({ max: 16 }) },
);
const args = record(union(num(), union(text({ max: 256, min: 0 }), bool)), { max: 32 });

type Fields = Record<string, Codec<unknown>>;

function warranty<F extends Fields>(head: F) {
  return struct(
    { ...head, action: oneOf("issue", "claim", "accept", "reject", "void"), warranty: text({ max: 64 }) },
    { issuer: did, until: timestamp, transferable: bool, terms: note, evidence: logIndexes, reason: note },
  );
}
function key<F extends Fields>(head: F) {
  return struct({
    ...head,
    action: oneOf("add", "revoke"),
    key: bytes32,
    role: oneOf("device", "delegate", "issuer"),
  });
}
function relation<F extends Fields>(head: F) {
  return struct({
    ...head,
    rel: oneOf("part-of", "located-in"),
    target: objectId,
    action: oneOf("add", "remove"),
  });
}

/**
 * The statement kinds (ARCHITECTURE.md, Identity and signatures), each a strict map schema. The
 * signer of each is fixed by its kind: genesis, transfer, key, relation, command — the owner;
 * state, usage, gap, command-result, connect — a device key of the object; warranty — its issuer;
 * tariff — the provider; receipt, prune — the log's key; service — the owner. Authorisation is the ledger's job; these
 * schemas only say what a well-formed statement is.
 */
export const KINDS = {
  /** Creates an avatar. Its object id is the first 16 bytes of SHA-256 over the signed bytes. */
  genesis: struct(
    {
      ...base("genesis"),
      owner: did,
      class: text({ max: 64, pattern: /^[a-z0-9][a-z0-9-]*$/ }),
      deviceKeys: arrayOf(bytes32, { max: 8 }),
      nonce: bytes({ min: 8, max: 32 }),
    },
    { name, model: name, manufacturer: name, maker: did, serial: name },
  ),
  /** Sensor readings, SenML-style: a value and a unit per name (e.g. temperature 21.5 Cel). */
  state: struct({ ...device("state"), readings: record(reading, { max: 64 }) }),
  /** Metered usage of a session: how much was used since the previous usage statement of the session. */
  usage: struct(
    {
      ...device("usage"),
      session: text({ max: 64 }),
      phase: oneOf("start", "progress", "stop"),
      unit: oneOf(...USAGE_UNITS),
      quantity: num({ min: 0 }),
    },
    { counter: num({ min: 0 }), payer: text({ max: 128 }) },
  ),
  /** The agent's signed note that it dropped telemetry because its outbox was full. */
  gap: struct({
    ...device("gap"),
    dropped: uint({ min: 1 }),
    from: timestamp,
    to: timestamp,
    reason: oneOf("outbox-full"),
  }),
  /** A device's answer to a command, citing the SHA-256 of the command statement's bytes. */
  "command-result": struct(
    { ...device("command-result"), command: bytes32, status: oneOf("ok", "error", "refused") },
    { result: args, error: note },
  ),
  /** A device's MQTT login: fresh, single use, signed by a device key of the object. Never stored. */
  connect: struct({ ...about("connect"), nonce: bytes({ length: 16 }) }),
  /** Maintenance, inspection, repair or a note, by the owner or a delegate. */
  event: struct(
    { ...about("event"), event: oneOf("maintenance", "inspection", "repair", "install", "note"), text: note },
    { evidence: logIndexes },
  ),
  /** A document about the object: its hash, media type and where to fetch it. */
  document: struct(
    {
      ...about("document"),
      hash: bytes32,
      mediaType: text({ max: 128, pattern: /^[\w.+-]+\/[\w.+-]+$/ }),
      uri: text({ max: 1024 }),
      title: text({ max: 200 }),
    },
    { size: uint() },
  ),
  /**
   * A warranty's life: issued by an issuer the owner accepts, claimed by the owner, accepted,
   * rejected or voided by the issuer (an unaccepted one voided by the owner). Chained (version 2).
   */
  warranty: versioned({ 1: warranty(about("warranty")), 2: warranty(chained("warranty")) }),
  /** Ownership passes from the current owner (the signer) to `to`. Chained (version 2). */
  transfer: versioned({
    1: struct({ ...about("transfer"), to: did }),
    2: struct({ ...chained("transfer"), to: did }),
  }),
  /**
   * The owner binds (add) or unbinds (revoke) a key: a device key, a delegate's (events, commands,
   * tariffs) or a warranty issuer's. Chained (version 2).
   */
  key: versioned({ 1: key(about("key")), 2: key(chained("key")) }),
  /** The object is part of, or located in, another object. Chained (version 2). */
  relation: versioned({ 1: relation(about("relation")), 2: relation(chained("relation")) }),
  /** An owner-signed instruction to the device; `id` makes each command unique, `expires` bounds it. */
  command: struct(
    {
      ...about("command"),
      id: bytes({ length: 16 }),
      name: text({ max: 64, pattern: /^[a-z][a-z0-9-]*$/ }),
      expires: timestamp,
    },
    { args },
  ),
  /** A provider's price per unit of usage in TET base units (10^-18 TET), paid to `payout`. */
  tariff: struct(
    { ...about("tariff"), unit: oneOf(...USAGE_UNITS), price: amount(), payout: address, from: timestamp },
    { until: timestamp },
  ),
  /**
   * The backend's signed acknowledgement: every device statement up to `seq` is in the log (`index` is
   * seq's, `hash` the SHA-256 of its bytes).
   */
  receipt: struct(
    { ...about("receipt"), seq: uint(), index: uint() },
    {
      // SHA-256 of the bytes of the device statement at `seq` (32 zero bytes at seq 0): the `prev` the
      // device's next statement must carry, so an agent that lost its outbox can continue the chain.
      hash: bytes32,
      refused: struct({ code: text({ max: 64 }) }, { seq: uint({ min: 1 }), detail: text({ max: 256 }) }),
    },
  ),
  /** A payer's rating after a settled session on the object. */
  rating: struct(
    { ...about("rating"), score: uint({ min: 1, max: 5 }), settlement: text({ max: 128 }) },
    { text: text({ max: 500 }) },
  ),
  /** The retention collector's record of one run: which payloads it dropped (leaf hashes stay). */
  prune: struct({
    ...base("prune"),
    policy: text({ max: 256 }),
    before: timestamp,
    kinds: arrayOf(text({ max: 32 }), { max: 32 }),
    entries: uint(),
    bytes: uint(),
  }),
  /** A service of the avatar (issue 19): its manifest, signed by the owner (see serviceManifest.ts). */
  service: serviceManifest,
} as const;
