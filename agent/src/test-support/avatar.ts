import {
  type CborValue,
  didKeyFromPublicKey,
  type Ed25519Signer,
  objectIdFromGenesis,
  objectIdToText,
  sha256,
  signStatement,
  validateStatement,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { DEVICE_SEED, LOG_SEED, OWNER_SEED } from "./fixtures.js";

let nonce = 0;

/** An avatar for tests: its genesis (signed by the owner), and helpers that sign what the owner and log sign. */
export function makeAvatar(opts: { deviceKeys?: Uint8Array[] } = {}) {
  const owner = nodeSigner(OWNER_SEED);
  const log = nodeSigner(LOG_SEED);
  const device = nodeSigner(DEVICE_SEED);
  const genesis = signStatement(
    {
      v: 1,
      t: "genesis",
      ts: 1_795_000_000_000,
      owner: didKeyFromPublicKey(owner.publicKey),
      class: "coworking-desk",
      deviceKeys: opts.deviceKeys ?? [device.publicKey],
      nonce: Uint8Array.from({ length: 8 }, (_, i) => i + ++nonce * 16),
    },
    owner,
  );
  const obj = objectIdFromGenesis(genesis);
  // Tests sign what they build, valid or not for the agent: the schema checks it here, as a signer would.
  const sign = (s: { [key: string]: CborValue }, by: Ed25519Signer = owner) =>
    signStatement(validateStatement({ v: 1, ts: Date.now(), obj, ...s }), by);
  return {
    owner,
    log,
    device,
    genesis,
    obj,
    objectId: objectIdToText(obj),
    logDid: didKeyFromPublicKey(log.publicKey),
    sign,
    /** A chained statement as version 2, naming `after` (the bytes of the previous authority statement) in `prev`. */
    chained: (s: { [key: string]: CborValue }, after: Uint8Array, by: Ed25519Signer = owner) =>
      sign({ ...s, v: 2, prev: sha256(after) }, by),
    key: (action: "add" | "revoke", key: Uint8Array, role: "device" | "delegate" = "device", by = owner) =>
      sign({ t: "key", action, key, role }, by),
    transfer: (to: Ed25519Signer, by = owner) =>
      sign({ t: "transfer", to: didKeyFromPublicKey(to.publicKey) }, by),
    command: (
      name: string,
      o: { id?: number; expires?: number; by?: Ed25519Signer; args?: { [key: string]: CborValue } } = {},
    ) =>
      sign(
        {
          t: "command",
          id: Uint8Array.from({ length: 16 }, (_, i) => (i === 15 ? (o.id ?? 1) : 0)),
          name,
          expires: o.expires ?? Date.now() + 60_000,
          ...(o.args ? { args: o.args } : {}),
        },
        o.by ?? owner,
      ),
    receipt: (seq: number, refused?: { code: string; seq?: number }, by = log) =>
      sign({ t: "receipt", seq, index: 1000 + seq, ...(refused ? { refused } : {}) }, by),
  };
}
