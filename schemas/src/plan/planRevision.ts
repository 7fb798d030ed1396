import { TetError } from "../errors.js";
import { bytesEqual, publicKeyFromDidKey } from "../ids/index.js";
import { type ParsedPlan, planHash, projectId } from "./planStatement.js";

function refuse(why: string): never {
  throw new TetError("PLAN_BAD_REVISION", why);
}

/**
 * Checks that `next` follows `previous` (both parsed, signatures already verified): `rev` one
 * more, `prev` the SHA-256 of the previous revision's bytes, `project` the project's id, a time
 * not before it, and signed by the previous revision's owner — the owner may hand the project
 * over by naming a new `owner` in a revision. Throws PLAN_BAD_REVISION saying which.
 */
export function checkRevision(opts: { previous: ParsedPlan; next: ParsedPlan }): void {
  const { previous: a, next: b } = opts;
  if (b.plan.rev !== a.plan.rev + 1) refuse(`rev ${b.plan.rev} after ${a.plan.rev}`);
  if (b.plan.prev === undefined || !bytesEqual(b.plan.prev, planHash(a.bytes)))
    refuse("prev is not the SHA-256 of the previous revision");
  if (b.plan.project === undefined || !bytesEqual(b.plan.project, projectId(a)))
    refuse("project is not the project's id");
  if (b.plan.ts < a.plan.ts) refuse("signed before the previous revision");
  if (!bytesEqual(b.signer, publicKeyFromDidKey(a.plan.owner)))
    refuse("not signed by the previous revision's owner");
}

/**
 * Checks a plan's whole history, revision 1 first: revision 1 is signed by its own `owner`, and
 * each later one follows the one before (`checkRevision`). An auditor holding the statements
 * (from the log, with their inclusion proofs) needs nothing else to trust the current plan.
 */
export function checkPlanHistory(revisions: readonly ParsedPlan[]): void {
  const first = revisions[0];
  if (first === undefined) refuse("no revisions");
  if (first.plan.rev !== 1) refuse(`the history starts at rev ${first.plan.rev}`);
  if (!bytesEqual(first.signer, publicKeyFromDidKey(first.plan.owner)))
    refuse("revision 1 is not signed by its owner");
  for (let i = 1; i < revisions.length; i++)
    checkRevision({ previous: revisions[i - 1]!, next: revisions[i]! });
}
