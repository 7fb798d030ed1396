import { isInPrefix } from "@tet/schemas";
import { Hono } from "hono";
import { passportPage } from "../../web/index.js";
import { type ApiContext, type ApiEnv, localAddress } from "../apiContext.js";
import { ApiError } from "../apiError.js";

/**
 * `GET /` on an avatar's own address (`http://[avatar address]/`): one socket on `::` answers every
 * address of the prefix (local route), and the socket's local address says which avatar was asked.
 * JSON for `Accept: application/json`, the passport page otherwise. Other hosts fall through.
 */
export function avatarRoute(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", async (c, next) => {
    const local = localAddress(c);
    if (local === undefined || !isInPrefix(local, ctx.prefix)) return next();
    const o = (await ctx.index()).byAddress(canonical(local));
    if (o === undefined) throw new ApiError("UNKNOWN_OBJECT", `no avatar at ${local}`);
    const accept = c.req.header("accept") ?? "";
    if (/\bapplication\/json\b/.test(accept) && !/\btext\/html\b/.test(accept)) {
      return c.json(await ctx.passport(o));
    }
    return c.html(passportPage(o));
  });
  return app;
}

/** Node reports local IPv6 addresses in RFC 5952 form already; lowercase to be sure. */
const canonical = (a: string) => a.toLowerCase();
