// `@tet/schemas/test-support`: what other packages' tests share with the schemas tests — the published
// vectors, loaded once the same way. Exported under the `@tet/source` condition only and never built
// (tsconfig excludes src/test-support), so code running from dist/ cannot resolve it and a package
// build that imports it fails.

export { arbitraryStatement } from "./arbitrary.js";
export { bruteForceResolve } from "./bruteForceResolve.js";
export { EXAMPLES, exampleList } from "./examples.js";
export { kindsDoc } from "./kindsDoc.js";
export { fixtureList } from "./legacyExamples.js";
export { lockDoc } from "./lockDoc.js";
export { lockExampleManifests } from "./lockExample.js";
export { NPM_RANGE_EXCLUDE, NPM_RANGE_INCLUDE, NPM_RANGE_INVALID } from "./npmSemverFixtures.js";
export { plans } from "./planArbitrary.js";
export { PLAN_EXAMPLE } from "./planExample.js";
export { oracleCriticalPaths, oracleEarly, oracleFloats, oracleLate } from "./planOracle.js";
export { planTreeVector } from "./planTreeVector.js";
export { objOf, type ServiceSketch, signedManifest } from "./services.js";
export {
  type Rfc8032Case,
  rfc8032Ed25519,
  SHARED_VECTORS,
  type WycheproofEd25519Case,
  wycheproofEd25519,
} from "./vectors.js";
