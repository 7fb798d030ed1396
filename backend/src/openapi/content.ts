import { type ResolverReturnType, resolver } from "hono-openapi";
import type { z } from "zod";

type Content = Record<string, { schema?: ResolverReturnType | { type: "object" } }>;

/** The same body schema under each media type (JSON and deterministic CBOR share one model). */
export function contentOf(schema: z.ZodType, ...media: string[]): Content {
  return Object.fromEntries(media.map((m) => [m, { schema: resolver(schema) }]));
}

/** A response whose body is JSON: its description, and the zod schema of the body when it has one. */
export function jsonResponse(
  description: string,
  schema?: z.ZodType,
): { description: string; content: Content } {
  return {
    description,
    content: schema
      ? contentOf(schema, "application/json")
      : { "application/json": { schema: { type: "object" } } },
  };
}

/** A response of another media type whose body the document does not model (text, CBOR, a stream). */
export function mediaResponse(description: string, media: string): { description: string; content: Content } {
  return { description, content: { [media]: {} } };
}

/** A JSON request body with its zod schema (a component when the schema has an `id`). */
export function jsonBody(schema: z.ZodType): { required: true; content: Content } {
  return { required: true, content: contentOf(schema, "application/json") };
}

/** A request body of COSE_Sign1 bytes (`application/cose`, RFC 9052): a signed statement. */
export const coseBody = {
  required: true as const,
  content: { "application/cose": { schema: { type: "string" as const, contentEncoding: "binary" } } },
};
