/**
 * The bounds of a plan statement, so that no plan can be made arbitrarily large: at most
 * `MAX_TASKS` tasks, each with at most `MAX_LINKS` predecessors and `MAX_AVATARS` avatars, texts
 * of bounded length, durations and lags of at most a million time units. The whole signed
 * statement must also fit in `MAX_STATEMENT_BYTES` (16 KiB), which in practice binds first: a task
 * with a 40-character title, one link, a did:key assignee, a budget and one avatar takes about 200
 * bytes, so a plan of ~80 such tasks fits; 256 minimal tasks take 7 KiB.
 */
export const PLAN_LIMITS = {
  /** Tasks in one plan statement. */
  tasks: 256,
  /** Predecessor links of one task. */
  links: 16,
  /** Avatars (object ids) one task concerns. */
  avatars: 16,
  /** Characters of a plan's or a task's title. */
  title: 200,
  /** Characters of a plan's description. */
  planText: 2000,
  /** Characters of a task's description. */
  taskText: 1000,
  /** Characters of a task id (ASCII letters, digits, `_`, `.`, `-`; it fits a bytes32 on chain). */
  id: 32,
  /** A duration or PERT estimate, in the plan's time units. */
  duration: 1_000_000,
  /** The absolute value of a lag (negative: a lead), in time units. */
  lag: 1_000_000,
  /** Bytes of a task budget in TET base units, big-endian: budgets below 2^96 (≈ 7.9·10^10 TET). */
  budgetBytes: 12,
  /** Revisions of one plan. */
  revisions: 1_000_000,
} as const;

/**
 * The bound on a network given to `schedule` directly (not from a statement): the bench schedules
 * 10,000 tasks. Together with the per-task bounds it keeps every time in ticks an exact integer.
 */
export const MAX_SCHEDULE_TASKS = 1_000_000;
