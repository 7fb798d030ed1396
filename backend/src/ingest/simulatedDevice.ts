import { randomBytes } from "node:crypto";
import {
  didKeyFromPublicKey,
  type Ed25519Signer,
  generatePrivateKey,
  objectIdFromGenesis,
  objectIdToText,
  sha256,
  signStatement,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import type { ChainedBody } from "../ledger/index.js";

/**
 * A device of the simulation (npm start's demo objects, tests, benchmarks): an owner key, a device
 * key, the genesis binding them, and a device chain (seq 1, 2, 3… with prev = SHA-256 of the previous
 * statement) of signed `state` statements, plus fresh `connect` logins.
 *
 * @example
 * const d = SimulatedDevice.create();
 * await ledger.append(d.genesis);
 * const bytes = d.state({ temperature: { v: 21.5, u: "Cel" } }); // seq 1
 */
export class SimulatedDevice {
  readonly owner: Ed25519Signer;
  readonly device: Ed25519Signer;
  readonly genesis: Uint8Array;
  readonly object: Uint8Array;
  readonly objectId: string;
  /** SHA-256 of the last authority statement signed here (the genesis first): the next one's `prev`. */
  authorityHead: Uint8Array;
  /** The last seq signed, and the SHA-256 of its bytes. */
  seq = 0;
  prev: Uint8Array = new Uint8Array(32);

  private constructor(owner: Ed25519Signer, device: Ed25519Signer, genesis: Uint8Array) {
    this.owner = owner;
    this.device = device;
    this.genesis = genesis;
    this.object = objectIdFromGenesis(genesis);
    this.objectId = objectIdToText(this.object);
    this.authorityHead = sha256(genesis);
  }

  /**
   * A chained authority statement (transfer, key, relation, warranty) by the owner as version 2,
   * naming the last one signed here (issue 23); `s` without `v`, `ts`, `obj` and `prev`.
   */
  authority(s: ChainedBody, signer: Ed25519Signer = this.owner): Uint8Array {
    const bytes = signStatement(
      { ...s, v: 2, ts: Date.now(), obj: this.object, prev: this.authorityHead },
      signer,
    );
    this.authorityHead = sha256(bytes);
    return bytes;
  }

  /** A new object with one device key, its genesis signed by a new owner key. */
  static create(opts: { class?: string; now?: number } = {}): SimulatedDevice {
    const owner = nodeSigner(generatePrivateKey());
    const device = nodeSigner(generatePrivateKey());
    const genesis = signStatement(
      {
        v: 1,
        t: "genesis",
        ts: opts.now ?? Date.now(),
        owner: didKeyFromPublicKey(owner.publicKey),
        class: opts.class ?? "sensor",
        deviceKeys: [device.publicKey],
        nonce: new Uint8Array(randomBytes(16)),
      },
      owner,
    );
    return new SimulatedDevice(owner, device, genesis);
  }

  /** The next statement of the chain: a `state` with these readings (default: a counter). */
  state(
    readings?: Record<string, { v: number | boolean | string; u?: string }>,
    ts = Date.now(),
  ): Uint8Array {
    const seq = this.seq + 1;
    const bytes = signStatement(
      {
        v: 1,
        t: "state",
        ts,
        obj: this.object,
        seq,
        prev: this.prev,
        readings: readings ?? { n: { v: seq } },
      },
      this.device,
    );
    this.seq = seq;
    this.prev = sha256(bytes);
    return bytes;
  }

  /** A fresh MQTT login password: a `connect` statement with a random nonce. */
  connect(ts = Date.now(), signer: Ed25519Signer = this.device): Uint8Array {
    return signStatement(
      { v: 1, t: "connect", ts, obj: this.object, nonce: new Uint8Array(randomBytes(16)) },
      signer,
    );
  }

  /** MQTT connect options for this device: client id, username and a fresh password. */
  login(ts = Date.now()): { clientId: string; username: string; password: Buffer } {
    return {
      clientId: `tet-${this.objectId}`,
      username: this.objectId,
      password: Buffer.from(this.connect(ts)),
    };
  }
}
