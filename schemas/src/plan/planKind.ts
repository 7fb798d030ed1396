import {
  arrayOf,
  base,
  bytes32,
  type Codec,
  did,
  type Infer,
  int,
  invalid,
  objectId,
  oneOf,
  struct,
  text,
  timestamp,
  uint,
} from "../statements/index.js";
import { LINK_TYPES } from "./linkTypes.js";
import { assignee, budget, taskId } from "./planFields.js";
import { PLAN_LIMITS as L } from "./planLimits.js";
import { taskGraph } from "./taskGraph.js";
import { TIME_UNITS } from "./timeUnits.js";

const estimate = uint({ max: L.duration });

/** A link to a predecessor: its id, the relation (absent: FS) and a lag in time units (negative: a lead). */
const link = struct({ task: taskId }, { type: oneOf(...LINK_TYPES), lag: int({ min: -L.lag, max: L.lag }) });

/** A task: exactly one of `duration` and `pert` ([optimistic, most likely, pessimistic]), in time units. */
const task = struct(
  { id: taskId, title: text({ max: L.title }) },
  {
    duration: estimate,
    pert: arrayOf(estimate, { min: 3, max: 3 }),
    after: arrayOf(link, { max: L.links }),
    assignee,
    budget,
    avatars: arrayOf(objectId, { max: L.avatars }),
    text: text({ max: L.taskText }),
  },
);

const planMap = struct(
  {
    ...base("plan"),
    rev: uint({ min: 1, max: L.revisions }),
    title: text({ max: L.title }),
    owner: did,
    start: timestamp,
    unit: oneOf(...TIME_UNITS),
    tasks: arrayOf(task, { min: 1, max: L.tasks }),
  },
  { project: objectId, prev: bytes32, deadline: timestamp, text: text({ max: L.planText }) },
);

/** A plan statement's payload. */
export type Plan = Infer<typeof planMap>;
export type PlanTask = Plan["tasks"][number];
export type PlanLink = NonNullable<PlanTask["after"]>[number];

/**
 * The checks a map schema cannot express: revision 1 has neither `project` nor `prev`, a later
 * revision both; the deadline is not before the start; each task has exactly one of `duration`
 * and `pert`, with o ≤ m ≤ p, and no avatar twice (STATEMENT_INVALID, naming the field); and the
 * graph is sound — unique ids, known predecessors, one link per pair, no cycle (PLAN_* codes).
 */
function checkPlan(plan: Plan, path: string): Plan {
  const first = plan.rev === 1;
  for (const key of ["project", "prev"] as const)
    if ((plan[key] === undefined) !== first)
      invalid(
        `${path}.${key}`,
        first ? "revision 1 has none" : "a revision names its project and predecessor",
      );
  if (plan.deadline !== undefined && plan.deadline < plan.start)
    invalid(`${path}.deadline`, "before the start");
  for (const [i, t] of plan.tasks.entries()) {
    const at = `${path}.tasks[${i}]`;
    if ((t.duration === undefined) === (t.pert === undefined)) invalid(at, "give either duration or pert");
    const [o, m, p] = t.pert ?? [0, 0, 0];
    if (!(o! <= m! && m! <= p!)) invalid(`${at}.pert`, "expected optimistic ≤ most likely ≤ pessimistic");
    const avatars = new Set((t.avatars ?? []).map((a) => a.join(",")));
    if (avatars.size !== (t.avatars?.length ?? 0)) invalid(`${at}.avatars`, "an avatar twice");
  }
  taskGraph(plan.tasks, { path: `${path}.tasks` });
  return plan;
}

/**
 * The `plan` statement kind (version 1): a project as a DAG of tasks, signed by its owner. A
 * revision is a new statement with `rev` + 1, `project` (the id of revision 1: the first 16 bytes
 * of SHA-256 over its signed bytes, like an object id) and `prev` (SHA-256 of the previous
 * revision's signed bytes), so a plan's history is a hash chain like a device's. Map fields are
 * strict (unknown ones refused); every field and count is bounded (`PLAN_LIMITS`).
 */
export const PLAN: Codec<Plan> = {
  spec: planMap.spec,
  decode: (v, path) => checkPlan(planMap.decode(v, path), path),
  fromJson: (v, path) => checkPlan(planMap.fromJson(v, path), path),
  toJson: (v) => planMap.toJson(v),
};
