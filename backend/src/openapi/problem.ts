import { resolver } from "hono-openapi";
import { z } from "zod";

/** RFC 9457 problem details as every route answers a refusal (`problemResponse`). */
export const problemSchema = z
  .object({
    type: z.string().meta({ format: "uri-reference" }),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    code: z.string(),
    instance: z.string().optional(),
  })
  .meta({ id: "Problem" });

const problem = {
  description: "RFC 9457 problem details",
  content: { "application/problem+json": { schema: resolver(problemSchema) } },
};

/**
 * The refusals a route answers, each as RFC 9457 problem details (`application/problem+json`):
 * `...problems(400, 404, 429)` inside a route's `responses`.
 */
export function problems(...statuses: number[]): Record<string, typeof problem> {
  return Object.fromEntries(statuses.map((s) => [String(s), problem]));
}
