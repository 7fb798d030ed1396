/**
 * Avatar services (issue 19), the pure core: manifests, resolution like npm, the lock and its
 * verification, start and stop order, the can-i-deploy check. Its own entry, `@tet/schemas/services`,
 * because it loads npm's `semver`: neither `@tet/schemas` nor `@tet/schemas/device` (what the agent
 * imports) re-exports it.
 */

export { type Candidate, compareCandidates, type Requirement, type RequirementMode } from "./candidates.js";
export { canIDeploy } from "./canIDeploy.js";
export { currentManifests } from "./currentManifests.js";
export {
  decodeLock,
  encodeLock,
  LOCK_VERSION,
  type LockedProvider,
  type LockedRequirement,
  type LockedService,
  lockFromJson,
  lockHash,
  lockToJson,
  MAX_LOCK_BYTES,
  MAX_LOCK_SERVICES,
  type ServiceLock,
  serviceLockCodec,
} from "./lock.js";
export { type LockEdge, lockEdges } from "./lockEdges.js";
export { DEFAULT_SERVICE_PORT, manifestOf, openManifest, type ServiceManifest } from "./manifest.js";
export { type Outcome, problemsError, type ServiceProblem, type ServiceProblemCode } from "./problem.js";
export { resolveServices } from "./resolveServices.js";
export { compareVersions, satisfies } from "./semver.js";
export { compareRefs, type ServiceRef, serviceKey } from "./serviceRef.js";
export { startOrder, stopOrder } from "./startOrder.js";
export { type LockCheck, lockHolds, verifyLock } from "./verifyLock.js";
