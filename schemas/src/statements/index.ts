export { CDDL_PRELUDE, cddl, cddlRule } from "./cddl.js";
export type { Codec, Infer } from "./codec.js";
export { address, arrayOf, did, int, invalid, objectId, oneOf, type Spec, text, uint } from "./codec.js";
export * as codecs from "./codecs.js";
export {
  AUTHORITY_VERSION,
  base,
  bytes32,
  CHAINED_KINDS,
  STATEMENT_VERSION,
  timestamp,
  USAGE_UNITS,
  type UsageUnit,
} from "./common.js";
export { parseEnvelope, signEnvelope } from "./envelope.js";
export { KINDS } from "./kinds.js";
export { SEMVER_RANGE, SEMVER_VERSION } from "./semverSyntax.js";
export { serviceFields } from "./serviceManifest.js";
export {
  type ChainedStatement,
  type DeviceStatement,
  encodeStatement,
  isChainedStatement,
  isDeviceStatement,
  MAX_STATEMENT_BYTES,
  openStatement,
  type ParsedStatement,
  parseStatement,
  STATEMENT_KINDS,
  type Statement,
  type StatementKind,
  type StatementOf,
  signStatement,
  statementFromJson,
  statementToJson,
  validateStatement,
} from "./statement.js";
export { struct } from "./struct.js";
