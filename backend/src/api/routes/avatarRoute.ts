import { isInPrefix } from "@tet/schemas";
import { Hono } from "hono";
import { contentOf, describeRoute, problems } from "../../openapi/index.js";
import { passportPage } from "../../web/index.js";
import { type ApiContext, type ApiEnv, localAddress } from "../apiContext.js";
import { ApiError } from "../apiError.js";
import { passportSchema } from "../apiSchemas.js";

/**
 * `GET /` on an avatar's own address (`http://[avatar address]/`): one socket on `::` answers every
 * address of the prefix (local route), and the socket's local address says which avatar was asked.
 * JSON for `Accept: application/json`, the passport page otherwise. Other hosts fall through.
 */
export function avatarRoute(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get(
    "/",
    describeRoute({
      summary: "On an avatar's own IPv6 address: its passport",
      description:
        "`http://[avatar address]/` answers the passport of the avatar whose address was asked (one socket on `::` with a local route for the prefix answers them all): JSON for `Accept: application/json`, the passport page otherwise. On any other address this is the web list page.",
      responses: {
        "200": {
          description: "the passport",
          content: { ...contentOf(passportSchema, "application/json"), "text/html": {} },
        },
        ...problems(404),
      },
    }),
    async (c, next) => {
      const local = localAddress(c);
      if (local === undefined || !isInPrefix(local, ctx.prefix)) return next();
      const o = (await ctx.index()).byAddress(canonical(local));
      if (o === undefined) throw new ApiError("UNKNOWN_OBJECT", `no avatar at ${local}`);
      const accept = c.req.header("accept") ?? "";
      if (/\bapplication\/json\b/.test(accept) && !/\btext\/html\b/.test(accept)) {
        return c.json(await ctx.passport(o));
      }
      return c.html(passportPage(o, { publicKey: ctx.ledger.logKey, origin: ctx.origin }));
    },
  );
  return app;
}

/** Node reports local IPv6 addresses in RFC 5952 form already; lowercase to be sure. */
const canonical = (a: string) => a.toLowerCase();
