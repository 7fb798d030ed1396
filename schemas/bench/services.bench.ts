// Avatar services (issue 19): how long resolution, lock encoding and lock verification take for one
// host's services. 500 chargers, each an `avatar` and a `meter` that needs its own avatar's passport
// (`of`) and optionally a shared remote `metrics`; and a ring of 200 services where every requirement
// prefers a local provider that would close a cycle and must fall back to a remote hub.

import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import {
  encodeLock,
  lockHolds,
  manifestOf,
  resolveServices,
  type ServiceManifest,
  verifyLock,
} from "@tet/schemas/services";
import { opsPerSecond, report } from "../../scripts/bench/report.js";
import { parseStatement, type StatementOf, signStatement } from "../src/index.js";

const owner = nodeSigner(new Uint8Array(32).fill(7));
const prefix = Uint8Array.from(Buffer.from("fd54455400010000", "hex"));
const objOf = (n: number) => {
  const o = new Uint8Array(16);
  new DataView(o.buffer).setUint32(0, n);
  return o;
};
const manifest = (s: Partial<StatementOf<"service">> & { obj: Uint8Array; name: string }): ServiceManifest =>
  manifestOf(
    parseStatement(
      signStatement(
        {
          v: 1,
          t: "service",
          ts: 1_795_000_000_000,
          version: "1.0.0",
          prefix,
          provides: {},
          requires: {},
          health: { path: "/healthz" },
          command: ["x"],
          ...s,
        },
        owner,
      ),
    ),
  );

const metrics = manifest({ obj: objOf(999_999), name: "metrics", provides: { metrics: "2.3.0" } });
const chargers = Array.from({ length: 500 }, (_, i) => [
  manifest({ obj: objOf(i), name: "avatar", version: "1.3.2", provides: { passport: "1.3.2" } }),
  manifest({
    obj: objOf(i),
    name: "meter",
    provides: { "billing-meter": "1.2.0" },
    requires: {
      passport: { range: "^1.3.0", mode: "needs", of: objOf(i) },
      metrics: { range: "^2.0.0", mode: "optional" },
    },
  }),
]).flat();
const suite = "services";
const first = resolveServices({ local: chargers, remote: [metrics] });
if (!first.ok) throw new Error(first.problems[0]?.message);
const lockBytes = encodeLock(first.lock);
const note = `1,000 services, 1,000 requirements; lock ${lockBytes.length.toLocaleString("en-US")} bytes`;
report({
  suite,
  name: "resolveServices (500 chargers: avatar + meter)",
  value: 1000 / opsPerSecond(() => resolveServices({ local: chargers, remote: [metrics] }), 3000),
  unit: "ms",
  note,
});
report({
  suite,
  name: "lockHolds (same host, manifests opened)",
  value: 1000 / opsPerSecond(() => lockHolds({ lock: first.lock, manifests: [...chargers, metrics] }), 3000),
  unit: "ms",
  note,
});
const bytes = [...chargers, metrics].map((m) => m.bytes);
report({
  suite,
  name: "verifyLock (from bytes: decode, 1,001 signatures, re-resolve)",
  value:
    1000 /
    opsPerSecond(() => verifyLock({ lock: lockBytes, manifests: bytes, verifier: nodeVerifier }), 3000),
  unit: "ms",
  note,
});

const hub = manifest({
  obj: objOf(888_888),
  name: "hub",
  provides: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`r${i}`, "1.0.0"])),
});
const ring = Array.from({ length: 200 }, (_, i) =>
  manifest({
    obj: objOf(i),
    name: "ring",
    provides: { [`r${i % 16}`]: "1.0.0" },
    requires: { [`r${(i + 1) % 16}`]: { range: "^1.0.0", mode: "needs" } },
  }),
);
const ringResolved = resolveServices({ local: ring, remote: [hub] });
if (!ringResolved.ok) throw new Error(ringResolved.problems[0]?.message);
report({
  suite,
  name: "resolveServices (ring of 200, cycles avoided)",
  value: 1000 / opsPerSecond(() => resolveServices({ local: ring, remote: [hub] }), 3000),
  unit: "ms",
  note: "200 requirements, each with ~13 local candidates and the remote hub",
});
