import type { DescribeRouteOptions } from "hono-openapi";
import { z } from "zod";

type Target = "query" | "path" | "header";
/** One OpenAPI parameter object, as `describeRoute` takes it. */
export type Parameter = Exclude<NonNullable<DescribeRouteOptions["parameters"]>[number], { $ref: string }>;
type JsonSchema = { properties?: Record<string, Record<string, unknown>>; required?: string[] };

/**
 * The OpenAPI parameters of one request part, derived from the zod object that the route parses it
 * with, so that the document lists exactly the parameters the handler reads, with their bounds and
 * descriptions. A property's `description` becomes the parameter's; optional ones say
 * `required: false`.
 */
export function parametersOf(target: Target, schema: z.ZodObject): Parameter[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    const required = target === "path" || (json.required ?? []).includes(name);
    return {
      name,
      in: target,
      required,
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

/** The text of a query string parameter as it arrives: absent, or a string. */
const raw = z.string().optional();

/**
 * A non-negative integer query parameter (at most 16 digits, no sign, no leading zero), with a
 * default for an absent or empty value (or, `required`, a refusal) and inclusive bounds; documented as
 * an integer. A value
 * outside them is an issue with the message `NAME must be …`, which the route answers as its
 * bad-query refusal.
 */
export function intParam(
  name: string,
  description: string,
  opts: { def?: number; min?: number; max?: number; required?: true } = {},
) {
  const min = opts.min ?? 0;
  const missing = `${name} is required`;
  return (opts.required ? z.string({ error: missing }) : raw)
    .transform((text, ctx): number | undefined => {
      if ((text === undefined || text === "") && opts.required) {
        ctx.addIssue({ code: "custom", message: missing });
        return z.NEVER;
      }
      if (text === undefined || text === "") return opts.def;
      const n = /^(0|[1-9][0-9]{0,15})$/.test(text) ? Number(text) : Number.NaN;
      if (Number.isNaN(n)) {
        ctx.addIssue({ code: "custom", message: `${name} must be a non-negative integer` });
        return z.NEVER;
      }
      if (!Number.isSafeInteger(n) || n < min || (opts.max !== undefined && n > opts.max)) {
        const max = opts.max ?? Number.MAX_SAFE_INTEGER;
        ctx.addIssue({ code: "custom", message: `${name} must be between ${min} and ${max}` });
        return z.NEVER;
      }
      return n;
    })
    .meta({ type: "integer", description });
}

/**
 * Parses a request part with its zod schema; the first issue's message goes to `refuse`, which
 * throws the route's own error (BAD_QUERY, INVOICE_MALFORMED, …), so the codes stay the route's.
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  refuse: (message: string) => never,
): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) refuse(r.error.issues[0]?.message ?? "malformed");
  return r.data as z.output<S>;
}
