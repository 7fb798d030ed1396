import { bytesEqual } from "../ids/index.js";
import type { ServiceManifest } from "./manifest.js";
import { compareVersions, satisfies } from "./semver.js";
import { compareRefs, compareText } from "./serviceRef.js";

export type RequirementMode = "needs" | "after" | "optional";

/** One requirement of a host's service: its dependent, the interface, the npm range and how hard it is. */
export interface Requirement {
  readonly dependent: ServiceManifest;
  readonly iface: string;
  readonly range: string;
  readonly mode: RequirementMode;
  /** Only services of this object may serve it. */
  readonly of?: Uint8Array;
}

/** A service that could serve a requirement: the interface version it offers, and whether it runs on this host. */
export interface Candidate {
  readonly provider: ServiceManifest;
  readonly version: string;
  readonly local: boolean;
}

/** The requirements of the host's services, in the order resolution decides them: dependent (canonical), then interface name. */
export function requirementsOf(local: readonly ServiceManifest[]): Requirement[] {
  return [...local].sort(compareRefs).flatMap((dependent) =>
    Object.keys(dependent.statement.requires)
      .sort(compareText)
      .map((iface) => {
        const r = dependent.statement.requires[iface]!;
        return { dependent, iface, range: r.range, mode: r.mode, ...(r.of ? { of: r.of } : {}) };
      }),
  );
}

/**
 * The stated order of preference among providers: the highest interface version first (SemVer
 * precedence, build metadata ignored), then a provider on this host before a remote one, then the
 * canonical order of services (object id bytes, then name) — stable across upgrades and hosts.
 */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    compareVersions(b.version, a.version) ||
    Number(b.local) - Number(a.local) ||
    compareRefs(a.provider, b.provider)
  );
}

/**
 * Every other service that offers the requirement's interface (`offered`, whatever its version), and
 * those whose version satisfies the range (`ranked`, best first). A service never serves itself, and
 * a requirement with `of` is served only by that object's services.
 */
export function candidatesFor(
  req: Requirement,
  providers: readonly { provider: ServiceManifest; local: boolean }[],
): { offered: Candidate[]; ranked: Candidate[] } {
  const offered: Candidate[] = [];
  for (const p of providers) {
    if (p.provider === req.dependent || (req.of && !bytesEqual(p.provider.obj, req.of))) continue;
    const version = p.provider.statement.provides[req.iface];
    if (version !== undefined && Object.hasOwn(p.provider.statement.provides, req.iface))
      offered.push({ provider: p.provider, version, local: p.local });
  }
  offered.sort((a, b) => compareRefs(a.provider, b.provider));
  const ranked = offered.filter((c) => satisfies(c.version, req.range)).sort(compareCandidates);
  return { offered, ranked };
}
