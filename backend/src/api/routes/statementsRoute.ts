import {
  didKeyFromPublicKey,
  isDeviceStatement,
  MAX_STATEMENT_BYTES,
  objectIdFromGenesis,
  objectIdToText,
  parseStatement,
} from "@tet/schemas";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ApiContext, ApiEnv } from "../apiContext.js";
import { ApiError } from "../apiError.js";
import { takeToken } from "../rateLimit.js";

/**
 * `POST /v1/statements` with `Content-Type: application/cose`: one signed statement (genesis,
 * transfer, warranty, event, document, relation, key, tariff, command, rating). The signature is the
 * authentication; the ledger's acceptance rules are the authorisation. Device statements (state,
 * usage, gap, command-result) are refused here with DEVICE_STATEMENT: they arrive over MQTT, where
 * the device chain and receipts live. Answers 201 with the log index, or 200 for a duplicate.
 */
export function statementsRoute(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post(
    "/v1/statements",
    bodyLimit({
      maxSize: MAX_STATEMENT_BYTES,
      onError: () => {
        throw new ApiError("PAYLOAD_TOO_LARGE", `a statement is at most ${MAX_STATEMENT_BYTES} bytes`);
      },
    }),
    async (c) => {
      const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
      if (type !== "application/cose") throw new ApiError("UNSUPPORTED_MEDIA_TYPE");
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const parsed = parseStatement(bytes); // strict decode before anything else; TetError → 400
      takeToken(ctx.limits.write, `key:${Buffer.from(parsed.signer).toString("hex")}`);
      const s = parsed.statement;
      if (isDeviceStatement(s) || s.t === "connect" || s.t === "receipt" || s.t === "prune") {
        throw new ApiError("DEVICE_STATEMENT", `${s.t} statements are not accepted over HTTP`);
      }
      const { index, duplicate } = await ctx.ledger.append(bytes);
      (await ctx.index()).apply(parsed, index);
      const object = s.t === "genesis" ? objectIdFromGenesis(bytes) : s.obj;
      const id = objectIdToText(object);
      return c.json(
        { index, duplicate, kind: s.t, object: id, signer: didKeyFromPublicKey(parsed.signer) },
        duplicate ? 200 : 201,
        { location: `/v1/objects/${id}/history?after=${index - 1}&limit=1` },
      );
    },
  );
  return app;
}
