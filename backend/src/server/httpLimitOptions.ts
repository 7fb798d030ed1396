import { ADMISSION_MODES, DEFAULT_HTTP_LIMITS as L } from "../api/index.js";
import { type OptionSpec, opt } from "./optionSpec.js";

/**
 * The passport API's limits and admission, as `tet-backend serve` options (part of `BACKEND_OPTIONS`):
 * reads and writes per client address and per signing key, who may create avatars, and the caps on
 * new avatars and on one object's statements.
 */
export const HTTP_LIMIT_OPTIONS: readonly OptionSpec[] = [
  opt(
    "http_reads_per_second",
    { type: "count" },
    L.readsPerSecond,
    "HTTP reads (GET) per client address (an IPv4 address or an IPv6 /64), burst 2× (0 = no limit)",
  ),
  opt(
    "http_address_writes_per_second",
    { type: "count" },
    L.addressWritesPerSecond,
    "`POST /v1/statements` per client address, charged before the signature is checked, burst 3×",
  ),
  opt(
    "http_writes_per_second",
    { type: "count" },
    L.writesPerSecond,
    "`POST /v1/statements` per signing key, charged only once the signature verifies, burst 3×",
  ),
  opt(
    "admission",
    { type: "enum", values: ADMISSION_MODES },
    "open",
    "who may create avatars: `open` (anyone, within the two limits below), `allow-list` (`admission_keys` only) or `invite` (listed keys and owners with an operator's invitation); production: `invite`",
  ),
  opt(
    "admission_keys",
    { type: "string" },
    undefined,
    "did:keys (comma- or space-separated) that may create avatars in every mode, without the open limits",
  ),
  opt(
    "admission_operator",
    { type: "string" },
    undefined,
    "the did:key whose invitations (`tet-backend invite`, header `tet-invitation`) admit new owners; required by `invite`",
  ),
  opt(
    "genesis_per_address_per_hour",
    { type: "count" },
    L.genesisPerAddressPerHour,
    "open admission: new avatars per client address per hour (others: ADMISSION_RATE_LIMITED)",
  ),
  opt(
    "genesis_per_day",
    { type: "count" },
    L.genesisPerDay,
    "open admission: new avatars per rolling day from all addresses (then ADMISSION_CAP_REACHED)",
  ),
  opt(
    "object_statements_per_day",
    { type: "count" },
    L.objectStatementsPerDay,
    "statements of any kind accepted over HTTP per object per rolling day (then OBJECT_RATE_LIMITED)",
  ),
  opt(
    "object_authority_per_day",
    { type: "count" },
    L.objectAuthorityPerDay,
    "`key`, `transfer` and `relation` statements per object per rolling day (each lengthens what devices are sent)",
  ),
];
