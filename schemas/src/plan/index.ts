// Network planning (issue 18): the `plan` statement, its Merkle root for the chain, the CPM/PERT
// schedule and the local checks the `Plan` contract mirrors. Pure: no I/O.

export { LINK_TYPES, type LinkType, linkCode } from "./linkTypes.js";
export {
  type ClaimCheck,
  checkEarliest,
  checkLatest,
  type Dates,
  earliestStart,
  type LinkedDates,
  latestFinish,
  linkHolds,
} from "./localCheck.js";
export { type Network, type ScheduleTask, toNetwork } from "./network.js";
export { normalCdf } from "./normalCdf.js";
export { type DeadlineChance, deadlineChance } from "./pert.js";
export { PlanCycleError } from "./planCycleError.js";
export { PLAN, type Plan, type PlanLink, type PlanTask } from "./planKind.js";
export { MAX_SCHEDULE_TASKS, PLAN_LIMITS } from "./planLimits.js";
export { checkPlanHistory, checkRevision } from "./planRevision.js";
export {
  encodePlan,
  openPlan,
  type ParsedPlan,
  parsePlan,
  planFromJson,
  planHash,
  planToJson,
  projectId,
  signPlan,
} from "./planStatement.js";
export { type PlanTaskProof, planLeaves, planRoot, planTaskProof, verifyPlanTask } from "./planTree.js";
export {
  type Schedule,
  type ScheduleInput,
  type ScheduleOptions,
  schedule,
  type TaskSchedule,
} from "./schedule.js";
export {
  TICKS_PER_UNIT,
  TIME_UNITS,
  type TimeUnit,
  tickMs,
  ticksToTime,
  ticksToUnits,
  UNIT_MS,
} from "./timeUnits.js";
