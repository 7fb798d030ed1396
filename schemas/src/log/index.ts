// The pure transparency-log core: RFC 9162 hashing and proofs, C2SP checkpoints and signed notes.
// No I/O; runs in Node and in browsers.
export { type Checkpoint, formatCheckpoint, parseCheckpoint } from "./checkpoint.js";
export { CompactRange } from "./compactRange.js";
export { foldRange, foldSubtree } from "./fold.js";
export {
  EMPTY_ROOT,
  HASH_SIZE,
  hashesEqual,
  type LogHasher,
  leafHash,
  nodeHash,
  rfc9162Hasher,
} from "./hasher.js";
export { MemoryTree } from "./memoryTree.js";
export {
  isPowerOfTwo,
  type NodeKey,
  nodeKeyId,
  rangeNodes,
  splitPoint,
  type TreeNode,
} from "./nodeKey.js";
export {
  formatVerifierKey,
  type NoteKey,
  noteKeyId,
  openNote,
  parseVerifierKey,
  signNote,
} from "./note.js";
export {
  consistencyProofPlan,
  foldPlan,
  inclusionProofPlan,
  type ProofPlan,
  planKeys,
  resolveProof,
} from "./proofPlan.js";
export { openCheckpoint, signCheckpoint } from "./signedCheckpoint.js";
export {
  assertConsistency,
  type ConsistencyClaim,
  verifyConsistency,
} from "./verifyConsistency.js";
export {
  assertInclusion,
  type InclusionClaim,
  rootFromInclusionProof,
  verifyInclusion,
} from "./verifyInclusion.js";
