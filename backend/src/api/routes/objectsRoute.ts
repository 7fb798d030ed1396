import { encode, isDidKey } from "@tet/schemas";
import { Hono } from "hono";
import { z } from "zod";
import {
  contentOf,
  describeRoute,
  intParam,
  jsonResponse,
  objectPath,
  parametersOf,
  parseWith,
  problems,
} from "../../openapi/index.js";
import { type ApiContext, type ApiEnv, badQuery, objectParam } from "../apiContext.js";
import { objectPageSchema, passportSchema } from "../apiSchemas.js";
import { jsonToCbor } from "../jsonToCbor.js";

/** True when the client asked for CBOR (`Accept: application/cbor`) rather than JSON. */
export function wantsCbor(accept: string | undefined): boolean {
  return (
    accept !== undefined && /\bapplication\/cbor\b/.test(accept) && !/\bapplication\/json\b/.test(accept)
  );
}

const tooLong = "q or kind is too long";
const listQuery = z.object({
  q: z
    .string()
    .max(200, tooLong)
    .optional()
    .describe("free text over id, class, name, model, manufacturer, serial"),
  kind: z.string().max(64, tooLong).optional().describe("the object class"),
  owner: z.string().refine(isDidKey, "owner must be a did:key").optional().describe("the owner's did:key"),
  after: z.string().optional().describe("continue after this object id"),
  limit: intParam("limit", "1–500 (default 50)", { def: 50, min: 1, max: 500 }),
});
const refusals = problems(400, 404, 429);

/**
 * `GET /v1/objects?q=&kind=&owner=&after=&limit=` (search and list) and `GET /v1/objects/{id}` (the
 * passport: JSON by default, deterministic CBOR for `Accept: application/cbor`).
 */
export function objectsRoute(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get(
    "/v1/objects",
    describeRoute({
      summary: "Search and list avatars",
      parameters: parametersOf("query", listQuery),
      responses: { "200": jsonResponse("a page of object summaries", objectPageSchema), ...refusals },
    }),
    async (c) => {
      const { q, kind, owner, after, limit } = parseWith(listQuery, c.req.query(), badQuery);
      const index = await ctx.index();
      const page = index.search({
        limit: limit as number,
        ...(q ? { q } : {}),
        ...(kind ? { kind } : {}),
        ...(owner ? { owner } : {}),
        ...(after ? { after } : {}),
      });
      return c.json({ total: index.size, ...page });
    },
  );
  app.get(
    "/v1/objects/:id",
    describeRoute({
      summary: "The passport of an avatar",
      description:
        "Identity, class, model, manufacturer, serial, owner and every owner with dates, bound keys, documents, warranties with status, events, current state, relations, tariffs, counts. JSON, or deterministic CBOR for `Accept: application/cbor`.",
      parameters: objectPath,
      responses: {
        "200": {
          description: "the passport",
          content: contentOf(passportSchema, "application/json", "application/cbor"),
        },
        ...refusals,
      },
    }),
    async (c) => {
      const passport = (await ctx.passport(await objectParam(c, ctx))) satisfies z.input<
        typeof passportSchema
      >;
      c.header("vary", "accept");
      if (wantsCbor(c.req.header("accept"))) {
        return c.body(encode(jsonToCbor(passport)) as Uint8Array<ArrayBuffer>, 200, {
          "content-type": "application/cbor",
        });
      }
      return c.json(passport);
    },
  );
  return app;
}
