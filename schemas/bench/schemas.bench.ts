// The wire contract's hot operations on a ~250-byte signed state statement: sign, verify (both
// verifier implementations), deterministic encode and strict decode.

import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { opsPerSecond, report } from "../../scripts/bench/report.js";
import {
  encodeStatement,
  nobleSigner,
  nobleVerifier,
  openStatement,
  parseStatement,
  type StatementOf,
  signStatement,
} from "../src/index.js";

const seed = new Uint8Array(32).fill(7);
const state: StatementOf<"state"> = {
  v: 1,
  t: "state",
  ts: 1_790_000_000_000,
  obj: new Uint8Array(16).fill(3),
  seq: 123_456,
  prev: new Uint8Array(32).fill(9),
  readings: {
    temperature: { v: 21.5, u: "Cel" },
    humidity: { v: 48.25, u: "%RH" },
    occupied: { v: true },
  },
};
const bytes = signStatement(state, nodeSigner(seed));
const payload = encodeStatement(state);
const note = `${bytes.length}-byte statement`;
const suite = "schemas";

const noble = nobleSigner(seed);
const node = nodeSigner(seed);
report({
  suite,
  name: "sign (node:crypto)",
  value: opsPerSecond(() => signStatement(state, node)),
  unit: "ops/s",
  note,
});
report({
  suite,
  name: "sign (@noble/ed25519)",
  value: opsPerSecond(() => signStatement(state, noble)),
  unit: "ops/s",
  note,
});
report({
  suite,
  name: "verify (node:crypto, cached key)",
  value: opsPerSecond(() => openStatement(bytes, { verifier: nodeVerifier })),
  unit: "ops/s",
  note: `${note}, parse + verify`,
});
report({
  suite,
  name: "verify (@noble/ed25519)",
  value: opsPerSecond(() => openStatement(bytes, { verifier: nobleVerifier })),
  unit: "ops/s",
  note: `${note}, parse + verify`,
});
report({
  suite,
  name: "encode (deterministic CBOR)",
  value: opsPerSecond(() => encodeStatement(state)),
  unit: "ops/s",
  note: `${payload.length}-byte payload, validated`,
});
report({
  suite,
  name: "strict decode + validate",
  value: opsPerSecond(() => parseStatement(bytes)),
  unit: "ops/s",
  note,
});
