import { prefix64FromText, prefix64ToText } from "../ids/index.js";
import { arrayOf, type Codec, invalid, objectId, oneOf, text, uint } from "./codec.js";
import { about, bytes32 } from "./common.js";
import { SEMVER_RANGE, SEMVER_VERSION } from "./semverSyntax.js";
import { record, struct } from "./struct.js";

const prefix64: Codec<Uint8Array> = {
  spec: { type: "bytes", min: 8, max: 8 },
  decode: (v, path) => (v instanceof Uint8Array && v.length === 8 ? v : invalid(path, "expected 8 bytes")),
  fromJson: (v, path) => {
    try {
      return prefix64FromText(String(v));
    } catch {
      return invalid(path, "expected a /64 prefix such as fd54:4554:1::/64");
    }
  },
  toJson: (v) => prefix64ToText(v),
};

/** The field codecs of a service manifest, shared with the service lock (`@tet/schemas/services`). */
export const serviceFields = {
  /** A service's name on its avatar: a DNS label, so that it can name a host later; `avatar` is the avatar itself. */
  name: text({ max: 32, pattern: /^[a-z][a-z0-9-]*$/ }),
  /** A semantic version (SemVer 2.0.0), canonical: no `v` prefix. */
  version: text({ max: 64, pattern: SEMVER_VERSION }),
  /** An npm semver range in its strict form (see `SEMVER_RANGE`). */
  range: text({ max: 128, pattern: SEMVER_RANGE }),
  /**
   * How hard a requirement is: `needs` (systemd Requires= and After=: started after it, ready only
   * while it is healthy, stopped before it), `after` (After=: started after it, its health does not
   * gate readiness) or `optional` (used when a provider exists; no ordering, no gate).
   */
  mode: oneOf("needs", "after", "optional"),
  prefix: prefix64,
  /** A requirement's provider must be a service of this object (e.g. the dependent's own avatar). */
  of: objectId,
};

/** How a service's health is checked: an HTTP GET of `path` on its address answers 2xx (Compose healthcheck). */
const health = struct(
  { path: text({ max: 256, pattern: /^\/[!-~]*$/ }) },
  {
    port: uint({ min: 1, max: 65_535 }),
    intervalMs: uint({ min: 100, max: 3_600_000 }),
    timeoutMs: uint({ min: 100, max: 60_000 }),
    retries: uint({ min: 1, max: 10 }),
    startPeriodMs: uint({ max: 600_000 }),
  },
);

/**
 * A `service` statement (issue 19): the manifest of one service of an avatar, signed by the
 * object's owner. Its address is `prefix` ‖ serviceInterfaceId(obj, name), so it is not stored;
 * `provides` maps interface names to the version offered, `requires` maps interface names to an npm
 * range, a mode and optionally `of`, the object whose services alone may serve it; `command` is the argv the host's supervisor runs; `replaces` is the SHA-256 of
 * the service's previous manifest (absent for its first), so a service's manifests form a chain and
 * an old one cannot come back.
 */
export const serviceManifest = struct(
  {
    ...about("service"),
    name: serviceFields.name,
    version: serviceFields.version,
    prefix: serviceFields.prefix,
    provides: record(serviceFields.version, { max: 16 }),
    requires: record(
      struct({ range: serviceFields.range, mode: serviceFields.mode }, { of: serviceFields.of }),
      { max: 32 },
    ),
    health,
    command: arrayOf(text({ max: 1024 }), { min: 1, max: 32 }),
  },
  { port: uint({ min: 1, max: 65_535 }), replaces: bytes32 },
);
