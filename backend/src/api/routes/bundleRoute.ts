import { Hono } from "hono";
import { describeRoute, mediaResponse, objectPath, problems } from "../../openapi/index.js";
import { type ApiContext, type ApiEnv, objectParam } from "../apiContext.js";
import { exportBundle } from "../exportBundle.js";

/**
 * `GET /v1/objects/{id}/bundle`: the object's export (application/cbor) — every statement, its
 * inclusion proof and the signed checkpoint — for offline verification with `tet verify` or the web
 * page's badge. Makes sure a checkpoint covers what is committed first, so a fresh object verifies.
 */
export function bundleRoute(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get(
    "/v1/objects/:id/bundle",
    describeRoute({
      summary: "Export: every statement of the object, their inclusion proofs and a signed checkpoint (CBOR)",
      parameters: objectPath,
      responses: {
        "200": mediaResponse("the bundle (see backend/README.md, Bundle format)", "application/cbor"),
        ...problems(400, 404, 429),
      },
    }),
    async (c) => {
      const o = await objectParam(c, ctx);
      const cp = ctx.ledger.log.latestCheckpoint;
      if (cp === undefined || cp.size < ctx.ledger.log.committedSize) await ctx.ledger.log.checkpoint();
      const bytes = await exportBundle(ctx.ledger, o.id, ctx.store);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        "content-type": "application/cbor",
        "content-disposition": `attachment; filename="${o.id}.bundle.cbor"`,
      });
    },
  );
  return app;
}
