import { hex } from "../hex.js";
import { planLeaves, planRoot, planTaskProof } from "../plan/index.js";
import { PLAN_EXAMPLE } from "./planExample.js";

/**
 * The example plan's Merkle tree as a test vector (fixtures/v1/plan-tree.json): every leaf, the
 * root, and each task's inclusion proof, for the `Plan` contract's tests to check against.
 */
export function planTreeVector() {
  const { plan } = PLAN_EXAMPLE;
  return {
    about:
      "planLeaves/planRoot of schemas/src/test-support/planExample.ts (fixtures/v1/plan.cose); RFC 9162 hashing",
    root: hex(planRoot(plan)),
    leaves: planLeaves(plan).map(hex),
    proofs: plan.tasks.map((t, i) => {
      const p = planTaskProof(plan, i);
      return { task: t.id, index: p.index, size: p.size, proof: p.proof.map(hex) };
    }),
  };
}
