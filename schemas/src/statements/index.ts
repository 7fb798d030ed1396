export { cddlRule } from "./cddl.js";
export type { Codec, Infer } from "./codec.js";
export * as codecs from "./codecs.js";
export {
  AUTHORITY_VERSION,
  CHAINED_KINDS,
  STATEMENT_VERSION,
  USAGE_UNITS,
  type UsageUnit,
} from "./common.js";
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
