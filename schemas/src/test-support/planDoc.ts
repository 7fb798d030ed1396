import { PLAN, planToJson, signPlan } from "../plan/index.js";
import { cddlRule } from "../statements/index.js";
import { PLAN_EXAMPLE } from "./planExample.js";

const ABOUT = `A project as a DAG of tasks (issue 18); signed by its owner. **Not yet in \`KINDS\`**: \`parseStatement\`
still refuses it (STATEMENT_UNKNOWN_KIND) until the ledger has rules for it; \`signPlan\` / \`parsePlan\` /
\`openPlan\` read and write it through the same envelope checks.

- **Revisions.** Revision 1 has neither \`project\` nor \`prev\`; its project id is the first 16 bytes of
  SHA-256 over its signed bytes (as an object id from a genesis). Revision n + 1 carries \`rev\` n + 1,
  \`project\` and \`prev\` = SHA-256 of revision n's signed bytes, and is signed by revision n's \`owner\`
  (who may name a new one). \`checkPlanHistory\` checks a whole history.
- **Tasks.** \`id\` is a task's stable name across revisions. Exactly one of \`duration\` and \`pert\`
  ([optimistic, most likely, pessimistic], o ≤ m ≤ p), in the plan's \`unit\` (elapsed minutes, hours,
  days or weeks; no calendar). \`after\` lists predecessors, at most one link per pair: \`type\` FS
  (absent), SS, FF or SF, and \`lag\` in units (negative: a lead). Ids unique, predecessors known, no
  cycle (PLAN_DUPLICATE_TASK, PLAN_UNKNOWN_TASK, PLAN_DUPLICATE_LINK, PLAN_CYCLE naming the cycle).
  \`assignee\`: a did:key or an EVM address; \`budget\`: TET base units, big-endian bytes without leading
  zeros (below 2^96; JSON a decimal string); \`avatars\`: the objects the task concerns, each once.
- **Bounds.** 256 tasks, 16 links and 16 avatars per task, texts as below, durations and lags up to
  10^6 units, and the whole statement within 16 KiB (PLAN_TOO_LARGE from \`signPlan\`): a task with
  a 40-character title, a link, a did:key assignee, a budget and an avatar takes ~200 bytes, so
  about 80 such tasks fit; 256 minimal ones take 7 KiB.
- **Schedules** count in ticks of 1/6 unit, so PERT means (o + 4m + p)/6 are exact.
  \`planRoot\` is the RFC 9162 Merkle root over a header leaf and one fixed-width leaf per task (the
  hash the \`Plan\` contract will hold); \`fixtures/v1/plan-tree.json\` holds the example's leaves,
  root and proofs.`;

/** The `plan` section of schemas/README.md, generated from its codec and the example. */
export function planDoc(): string {
  const { plan, signer } = PLAN_EXAMPLE;
  const size = signPlan(plan, signer).length;
  return `### \`plan\`\n\n${ABOUT}\n\n\`\`\`cddl\n${cddlRule("plan", PLAN.spec)}\n\`\`\`\n\nExample (the JSON form; ${size} bytes signed):\n\n\`\`\`json\n${JSON.stringify(planToJson(plan), null, 2)}\n\`\`\``;
}
