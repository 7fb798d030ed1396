import {
  didKeyFromPublicKey,
  isDeviceStatement,
  MAX_STATEMENT_BYTES,
  objectIdFromGenesis,
  objectIdToText,
  parseStatement,
  verifySign1,
} from "@tet/schemas";
import { Hono } from "hono";
import { z } from "zod";
import { LedgerError } from "../../ledger/index.js";
import { coseBody, describeRoute, jsonResponse, parametersOf, problems } from "../../openapi/index.js";
import { type ApiContext, type ApiEnv, clientAddress } from "../apiContext.js";
import { ApiError } from "../apiError.js";
import { INVITATION_HEADER } from "../invitation.js";
import { limitBody } from "../limitBody.js";

const headers = z.object({
  [INVITATION_HEADER]: z
    .string()
    .optional()
    .describe(
      "with a genesis: an operator's invitation (`tet-backend invite`, base64url of a C2SP signed note) admitting its signer",
    ),
});

const described = {
  summary: "Append a signed statement",
  description:
    "Genesis, transfer, warranty, event, document, relation, key, tariff, command or rating, as COSE_Sign1 bytes (at most 16 KiB). Transfer, key and relation need the current owner; a warranty its named issuer (claims: the owner); events and commands the owner or a delegate; documents the owner or the manufacturer (genesis `maker`). Device statements are refused (they arrive over MQTT). Limits, charged in this order: writes per client address (before anything is parsed), per signing key (once the signature verifies), a genesis's admission (`ADMISSION_DENIED`, `INVITATION_REQUIRED`, `INVITATION_INVALID` 403; `ADMISSION_RATE_LIMITED`, `ADMISSION_CAP_REACHED` 429), statements per object per day (`OBJECT_RATE_LIMITED` 429).",
  parameters: parametersOf("header", headers),
  requestBody: coseBody,
  responses: {
    "201": jsonResponse("appended: `index`, `object`, `kind`, `signer`"),
    "200": jsonResponse("already in the log: the same `index`"),
    ...problems(401, 403, 409, 413, 415, 422, 400, 404, 429),
  },
};

/**
 * `POST /v1/statements` with `Content-Type: application/cose`: one signed statement (genesis,
 * transfer, warranty, event, document, relation, key, tariff, command, rating). The signature is the
 * authentication; the ledger's acceptance rules are the authorisation. Device statements (state,
 * usage, gap, command-result) are refused here with DEVICE_STATEMENT: they arrive over MQTT, where
 * the device chain and receipts live. A genesis passes the admission policy first (an invitation
 * rides in the `tet-invitation` header). Answers 201 with the log index, or 200 for a duplicate.
 * Limits are charged in the order `WriteGuard` gives: the address, then the verified signer.
 */
export function statementsRoute(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post(
    "/v1/statements",
    describeRoute(described),
    limitBody(MAX_STATEMENT_BYTES, "a statement"),
    async (c) => {
      const address = clientAddress(c);
      ctx.writes.address(address); // before any work: parsing and Ed25519 cost the server, not the sender
      const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
      if (type !== "application/cose") throw new ApiError("UNSUPPORTED_MEDIA_TYPE");
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const parsed = parseStatement(bytes); // strict decode before anything else; TetError → 400
      const s = parsed.statement;
      if (isDeviceStatement(s) || s.t === "connect" || s.t === "receipt" || s.t === "prune") {
        throw new ApiError("DEVICE_STATEMENT", `${s.t} statements are not accepted over HTTP`);
      }
      // The signer's bucket is charged only for a signature that verifies (a forger naming an owner's
      // kid must not spend the owner's writes); the ledger verifies again when it appends.
      if (!verifySign1(parsed.sign1, { verifier: ctx.verifier })) throw new LedgerError("BAD_SIGNATURE");
      const object = s.t === "genesis" ? objectIdFromGenesis(bytes) : s.obj;
      const id = objectIdToText(object);
      const invitation = c.req.header(INVITATION_HEADER);
      const ticket = ctx.writes.admit(parsed, {
        address,
        ...(invitation !== undefined ? { invitation } : {}),
        exists: s.t === "genesis" && (await ctx.index()).get(id) !== undefined,
      });
      let accepted: Awaited<ReturnType<typeof ctx.ledger.append>>;
      try {
        accepted = await ctx.ledger.append(bytes);
      } catch (e) {
        ticket.settle("refused");
        throw e;
      }
      const { index, duplicate } = accepted;
      ticket.settle(duplicate ? "duplicate" : "accepted");
      (await ctx.index()).apply(parsed, index);
      return c.json(
        { index, duplicate, kind: s.t, object: id, signer: didKeyFromPublicKey(parsed.signer) },
        duplicate ? 200 : 201,
        { location: `/v1/objects/${id}/history?after=${index - 1}&limit=1` },
      );
    },
  );
  return app;
}
