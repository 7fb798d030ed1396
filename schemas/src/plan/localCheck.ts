import { FF, FS, type LinkType, linkCode, SS } from "./linkTypes.js";

/** A task's claimed start and finish, in ticks after the plan's start (integers). */
export interface Dates {
  readonly start: number;
  readonly finish: number;
}

/** A link of the task being checked, with the claimed dates of the task at its other end. */
export interface LinkedDates {
  readonly type?: LinkType;
  /** Lag in ticks (6 × the plan's lag in units); negative for a lead. */
  readonly lag: number;
  readonly dates: Dates;
}

/** The verdict of a local check; on failure, which date is wrong and what it should be. */
export type ClaimCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: "WRONG_START" | "WRONG_FINISH"; readonly expected: number };

/**
 * The earliest start that a task's direct predecessors impose, from their claimed early dates:
 * max(0, max over links of FS: EF + lag; SS: ES + lag; FF: EF + lag − d; SF: ES + lag − d). This is
 * the forward pass's rule for one task, so it needs only the task and its predecessors: what the
 * `Plan` contract evaluates on chain (intermediate values may be negative: int256 there).
 */
export function earliestStart(opts: { duration: number; predecessors: readonly LinkedDates[] }): number {
  let start = 0;
  for (const p of opts.predecessors) {
    const t = linkCode(p.type);
    const from = t === FS || t === FF ? p.dates.finish : p.dates.start;
    const bound = from + p.lag - (t === FS || t === SS ? 0 : opts.duration);
    if (bound > start) start = bound;
  }
  return start;
}

/**
 * Is a task's claimed early schedule (ES, EF) what its predecessors' claimed early dates make it?
 * ES must equal `earliestStart` and EF = ES + d. If every task of a plan passes, the claimed dates
 * are exactly the forward pass (by induction in topological order), so a wrong schedule is always
 * refuted by one task and its direct predecessors: a cheap challenge on chain.
 */
export function checkEarliest(opts: {
  duration: number;
  claim: Dates;
  predecessors: readonly LinkedDates[];
}): ClaimCheck {
  const start = earliestStart(opts);
  if (opts.claim.start !== start) return { ok: false, code: "WRONG_START", expected: start };
  const finish = start + opts.duration;
  return opts.claim.finish === finish ? { ok: true } : { ok: false, code: "WRONG_FINISH", expected: finish };
}

/**
 * The latest finish that a task's direct successors impose, from their claimed late dates, and the
 * project's finish T: min(T, min over links to successors of FS: LS − lag; SS: LS − lag + d;
 * FF: LF − lag; SF: LF − lag + d). The backward pass's rule for one task.
 */
export function latestFinish(opts: {
  duration: number;
  projectFinish: number;
  successors: readonly LinkedDates[];
}): number {
  let finish = opts.projectFinish;
  for (const s of opts.successors) {
    const t = linkCode(s.type);
    const to = t === FS || t === SS ? s.dates.start : s.dates.finish;
    const bound = to - s.lag + (t === FS || t === FF ? 0 : opts.duration);
    if (bound < finish) finish = bound;
  }
  return finish;
}

/** Is a task's claimed late schedule (LS, LF) what its successors' claimed late dates and T make it? */
export function checkLatest(opts: {
  duration: number;
  projectFinish: number;
  claim: Dates;
  successors: readonly LinkedDates[];
}): ClaimCheck {
  const finish = latestFinish(opts);
  if (opts.claim.finish !== finish) return { ok: false, code: "WRONG_FINISH", expected: finish };
  const start = finish - opts.duration;
  return opts.claim.start === start ? { ok: true } : { ok: false, code: "WRONG_START", expected: start };
}

/**
 * Does one link hold between actual (or any) dates of its two tasks? FS: start ≥ pred finish + lag;
 * SS: start ≥ pred start + lag; FF: finish ≥ pred finish + lag; SF: finish ≥ pred start + lag.
 * For progress: a task reported started before its predecessors allow is refused by this.
 */
export function linkHolds(opts: {
  type?: LinkType;
  lag: number;
  predecessor: Dates;
  successor: Dates;
}): boolean {
  const t = linkCode(opts.type);
  const from = t === FS || t === FF ? opts.predecessor.finish : opts.predecessor.start;
  const to = t === FS || t === SS ? opts.successor.start : opts.successor.finish;
  return to >= from + opts.lag;
}
