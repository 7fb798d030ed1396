// The export bundle: a wire format (CBOR, versioned) and its pure offline verifier. Imports only
// @tet/schemas, so `tet verify` (node:crypto) and the web page (noble, in the browser) run the same code.
export { BUNDLE_ERROR_CODES, type BundleDefect, type BundleErrorCode, defect } from "./bundleError.js";
export {
  BUNDLE_TYPE,
  BUNDLE_VERSION,
  type Bundle,
  type BundleEntry,
  decodeBundle,
  encodeBundle,
} from "./bundleFormat.js";
export { ProofChecker } from "./proofChecker.js";
export {
  type BundleSummary,
  type SignatureCheck,
  type VerifyBundleOptions,
  verifyBundle,
} from "./verifyBundle.js";
