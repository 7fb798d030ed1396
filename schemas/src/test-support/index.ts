// `@tet/schemas/test-support`: what other packages' tests share with the schemas tests — the published
// vectors, loaded once the same way. Exported under the `@tet/source` condition only and never built
// (tsconfig excludes src/test-support), so code running from dist/ cannot resolve it and a package
// build that imports it fails.
export {
  type Rfc8032Case,
  rfc8032Ed25519,
  SHARED_VECTORS,
  type WycheproofEd25519Case,
  wycheproofEd25519,
} from "./vectors.js";
