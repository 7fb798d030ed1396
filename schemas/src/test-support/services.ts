import { nodeSigner } from "../node.js";
import { manifestOf, type RequirementMode, type ServiceManifest } from "../services/index.js";
import { parseStatement, type StatementOf, signStatement } from "../statements/index.js";

/** The owner key that signs test manifests (node:crypto, fast enough for property tests). */
export const serviceOwner = nodeSigner(new Uint8Array(32).fill(7));
export const TEST_PREFIX = "fd54:4554:1::/64";
const PREFIX = Uint8Array.from(Buffer.from("fd54455400010000", "hex"));

/** A 16-byte object id that is `n` repeated: readable in failures, ordered like `n`. */
export const objOf = (n: number) => new Uint8Array(16).fill(n);

/** What a test says about a service; a requirement's text alone means `needs`. */
export interface ServiceSketch {
  obj?: number;
  name: string;
  version?: string;
  provides?: Record<string, string>;
  requires?: Record<string, string | { range: string; mode: RequirementMode; of?: Uint8Array }>;
  replaces?: Uint8Array;
  ts?: number;
}

/** The `service` statement a sketch stands for. */
export function serviceStatement(s: ServiceSketch): StatementOf<"service"> {
  const requires = Object.fromEntries(
    Object.entries(s.requires ?? {}).map(([k, r]) => [
      k,
      typeof r === "string" ? { range: r, mode: "needs" as const } : r,
    ]),
  );
  return {
    v: 1,
    t: "service",
    ts: s.ts ?? 1_795_000_000_000,
    obj: objOf(s.obj ?? 1),
    name: s.name,
    version: s.version ?? "1.0.0",
    prefix: PREFIX,
    provides: s.provides ?? {},
    requires,
    health: { path: "/healthz" },
    command: ["tet-backend", s.name, "serve"],
    ...(s.replaces ? { replaces: s.replaces } : {}),
  };
}

/** A signed manifest (real signature, strict parse) from a sketch. */
export function signedManifest(s: ServiceSketch): ServiceManifest {
  return manifestOf(parseStatement(signStatement(serviceStatement(s), serviceOwner)));
}
