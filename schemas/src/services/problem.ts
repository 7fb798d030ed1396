import { TetError, type TetErrorCode } from "../errors.js";

/** The codes a resolution or a deployment check can refuse with. */
export type ServiceProblemCode = Extract<
  TetErrorCode,
  | "SERVICE_INVALID"
  | "SERVICE_DUPLICATE"
  | "SERVICE_MISSING"
  | "SERVICE_CONFLICT"
  | "SERVICE_CYCLE"
  | "SERVICE_BREAKS_DEPENDENT"
>;

/**
 * One reason a set of services does not resolve or a new manifest may not be deployed: a stable code,
 * a message naming the services, interfaces and ranges involved, and the services' keys
 * (`{object id}/{name}`) so that a caller can point at them.
 */
export interface ServiceProblem {
  readonly code: ServiceProblemCode;
  readonly message: string;
  readonly services: readonly string[];
}

/** The outcome of a check that refuses with problems rather than throwing (they are not malformed input). */
export type Outcome<T> =
  | ({ readonly ok: true } & T)
  | { readonly ok: false; readonly problems: readonly ServiceProblem[] };

/** A TetError for the first problem, its message listing them all: for callers that want to throw. */
export function problemsError(problems: readonly ServiceProblem[]): TetError {
  const first = problems[0];
  if (!first) throw new TypeError("problemsError needs at least one problem");
  return new TetError(first.code, problems.map((p) => `${p.code}: ${p.message}`).join("; "));
}
