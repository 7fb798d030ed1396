import { isTetError } from "@tet/schemas";
import { isBackendError } from "./backendError.js";

/** An RFC 9457 problem details object, with our stable `code` as an extension member. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  instance?: string;
}

/** The `type` URI of a code: one stable, dereferenceable-by-convention URN per code (RFC 9457 §3.1.1). */
export const problemType = (code: string): string => `urn:tet:problem:${code}`;

const TET_STATUS: Record<string, number> = { COSE_BAD_SIGNATURE: 401, CBOR_TOO_LARGE: 413 };

/**
 * Maps any thrown value to a problem and its response headers — the one mapping of every HTTP
 * route: a `BackendError` keeps its code, status and title (its message is the `detail`, and an
 * error may carry response headers such as `Retry-After`); a wire-contract `TetError` keeps its
 * code (400, a bad signature 401, too large 413); anything else is INTERNAL, with no detail so that
 * internals never leak.
 */
export function toProblem(
  e: unknown,
  instance?: string,
): { problem: Problem; headers: Record<string, string> } {
  const base = (code: string, status: number, title: string, detail?: string) => ({
    type: problemType(code),
    title,
    status,
    code,
    ...(detail !== undefined && detail !== title ? { detail } : {}),
    ...(instance !== undefined ? { instance } : {}),
  });
  if (isBackendError(e))
    return { problem: base(e.code, e.httpStatus, e.title, e.message), headers: e.headers };
  if (isTetError(e))
    return { problem: base(e.code, TET_STATUS[e.code] ?? 400, e.code, e.message), headers: {} };
  return { problem: base("INTERNAL", 500, "internal error"), headers: {} };
}

/** The problem as a response: `application/problem+json` (RFC 9457 §3). */
export function problemResponse(e: unknown, instance?: string): Response {
  const { problem, headers } = toProblem(e, instance);
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}
