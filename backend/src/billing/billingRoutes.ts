import { didKeyFromPublicKey, hex, isObjectIdText } from "@tet/schemas";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { AnchorService } from "../anchor/index.js";
import { problemResponse } from "../errors/index.js";
import {
  describeRoute,
  jsonBody,
  jsonResponse,
  objectPath,
  parametersOf,
  parseWith,
  problems,
  sessionPath,
} from "../openapi/index.js";
import { BillingError } from "./billingError.js";
import {
  sessionAccountSchema,
  sessionRequestSchema,
  voucherMessageSchema,
  voucherOutcomeSchema,
} from "./billingSchemas.js";
import type { BillingService } from "./billingService.js";
import type { InvoiceScope } from "./computeInvoice.js";
import { providerStatementCsv } from "./providerStatement.js";
import { parseSessionRequest } from "./sessionRequest.js";
import { parseVoucherMessage } from "./voucherMessage.js";

/** The largest JSON body a billing route reads: session requests and vouchers are a few hundred bytes. */
export const MAX_BILLING_BODY = 8 * 1024;

/**
 * Refuses a body above MAX_BILLING_BODY with 413 PAYLOAD_TOO_LARGE (problem+json) before it is read:
 * from `Content-Length` at once, or while a chunked body streams in.
 */
const limited = bodyLimit({
  maxSize: MAX_BILLING_BODY,
  onError: (c) =>
    c.json(
      {
        type: "urn:tet:problem:PAYLOAD_TOO_LARGE",
        title: "the request body is larger than the limit",
        status: 413,
        code: "PAYLOAD_TOO_LARGE",
        detail: `a billing request is at most ${MAX_BILLING_BODY} bytes`,
      },
      413,
      { "content-type": "application/problem+json" },
    ),
});

function idParam(c: Context): string {
  const id = c.req.param("id") ?? "";
  if (!isObjectIdText(id)) throw new BillingError("VOUCHER_MALFORMED", "not an object id");
  return id;
}

const ms = (description: string) => z.string().optional().meta({ type: "integer", description });
const periodQuery = z.object({
  from: ms("period start, ms since the epoch (default 0)"),
  to: ms("period end, exclusive, ms since the epoch (default: the end of time)"),
});
const invoiceQuery = z.object({
  session: z.string().optional().describe("one session (else the period `from`–`to`)"),
  ...periodQuery.shape,
  size: ms("compute over the log below this tree size (default: the latest checkpoint)"),
});
const statementQuery = periodQuery.extend({
  format: z.string().optional().describe("`csv` for text/csv (default JSON)"),
});
const malformed = (message: string): never => {
  throw new BillingError("INVOICE_MALFORMED", message);
};
const refusals = problems(400, 404, 429);

function period(q: z.output<typeof periodQuery>): { from: number; to: number } {
  const from = Number(q.from ?? "0");
  const to = Number(q.to ?? String(8.64e15));
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from)
    throw new BillingError("INVOICE_MALFORMED", "from/to: milliseconds since the epoch");
  return { from, to };
}

async function body(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch (cause) {
    throw new BillingError("VOUCHER_MALFORMED", "body is not JSON", { cause });
  }
}

/**
 * The billing routes as a hono sub-app, mounted next to the passport API: paid sessions, vouchers
 * (`POST /v1/objects/{id}/vouchers`, the HTTP twin of MQTT `tet/v1/o/{id}/pay`), invoices, settlement,
 * provider statements (JSON or CSV), ratings, and the last anchored checkpoint.
 */
export function billingRoutes(ctx: { billing: BillingService; anchor?: AnchorService }): Hono {
  const { billing } = ctx;
  const app = new Hono();
  app.onError((e) => problemResponse(e));
  app.post(
    "/v1/objects/:id/sessions",
    describeRoute({
      summary: "Open a paid session (billing)",
      description:
        "The channel must exist on chain, pay the tariff's payout address, be unused, unexpired and funded; `signature` is the channel payer's EIP-712 signature of `Session(uint256 channel, string object, string session, string rater)`. The device is then commanded to `start-session`. Served when billing is configured.",
      parameters: objectPath,
      requestBody: jsonBody(sessionRequestSchema),
      responses: {
        "201": jsonResponse("opened: `object`, `command` (the start command's log index)"),
        ...problems(401, 409),
        ...refusals,
      },
    }),
    limited,
    async (c) => {
      const id = idParam(c);
      const r = await billing.openSession(parseSessionRequest(await body(c), id));
      return c.json({ object: id, ...r }, 201);
    },
  );
  app.get(
    "/v1/objects/:id/sessions/:session",
    describeRoute({
      summary: "A paid session's account: what is due, required and accepted",
      parameters: sessionPath,
      responses: { "200": jsonResponse("the account", sessionAccountSchema), ...refusals },
    }),
    (c) => {
      const a = billing.account(idParam(c), c.req.param("session"));
      return c.json({
        object: a.terms.object,
        session: a.terms.session,
        channel: a.terms.channel.toString(),
        payee: a.terms.payee,
        due: a.due.toString(),
        required: a.required.toString(),
        accepted: a.accepted.toString(),
        closed: a.closed,
        stopped: a.stopIssued,
        usage: a.usage,
      } satisfies z.input<typeof sessionAccountSchema>);
    },
  );
  app.post(
    "/v1/objects/:id/vouchers",
    describeRoute({
      summary: "Pay a session with an EIP-712 voucher (the HTTP twin of MQTT `tet/v1/o/{id}/pay`)",
      description:
        "The voucher must be signed by the channel's payer, name the session's channel and payee, be above the last accepted one, within the deposit and unexpired. 402 when accepted but below what is required: the session is being stopped.",
      parameters: objectPath,
      requestBody: jsonBody(voucherMessageSchema),
      responses: {
        "200": jsonResponse("accepted", voucherOutcomeSchema),
        "402": jsonResponse("accepted but short: the session is being stopped", voucherOutcomeSchema),
        ...problems(401, 409),
        ...refusals,
      },
    }),
    limited,
    async (c) => {
      const m = parseVoucherMessage(await body(c), idParam(c));
      const out = (await billing.submitVoucher(m)) satisfies z.input<typeof voucherOutcomeSchema>;
      return c.json(out, out.short ? 402 : 200);
    },
  );
  app.post(
    "/v1/objects/:id/sessions/:session/settle",
    describeRoute({
      summary: "Settle a session on chain now with its latest voucher",
      parameters: sessionPath,
      responses: {
        "200": jsonResponse("the settlement record: amounts, fee, transaction, block"),
        ...problems(409),
        ...refusals,
      },
    }),
    limited,
    async (c) => c.json(await billing.settle(idParam(c), c.req.param("session"))),
  );
  app.get(
    "/v1/objects/:id/invoice",
    describeRoute({
      summary: "The invoice of one session or one period, recomputable from a bundle",
      parameters: [...objectPath, ...parametersOf("query", invoiceQuery)],
      responses: {
        "200": jsonResponse("the invoice: lines citing usage and tariff log indexes, total"),
        ...refusals,
      },
    }),
    async (c) => {
      const q = parseWith(invoiceQuery, c.req.query(), malformed);
      const { session, size } = q;
      const scope: InvoiceScope = session ? { session } : { period: period(q) };
      if (size !== undefined && !/^[0-9]{1,15}$/.test(size))
        throw new BillingError("INVOICE_MALFORMED", "size");
      return c.json(await billing.invoice(idParam(c), scope, size === undefined ? undefined : Number(size)));
    },
  );
  app.get(
    "/v1/objects/:id/provider-statement",
    describeRoute({
      summary: "The provider statement: every settlement in a period with its transaction",
      parameters: [...objectPath, ...parametersOf("query", statementQuery)],
      responses: {
        "200": {
          description: "the statement",
          content: { "application/json": { schema: { type: "object" } }, "text/csv": {} },
        },
        ...refusals,
      },
    }),
    async (c) => {
      const q = parseWith(statementQuery, c.req.query(), malformed);
      const s = await billing.providerStatement([idParam(c)], period(q));
      if (q.format === "csv")
        return c.body(providerStatementCsv(s), 200, { "content-type": "text/csv; charset=utf-8" });
      return c.json(s);
    },
  );
  app.get(
    "/v1/objects/:id/ratings",
    describeRoute({
      summary: "Verified ratings of the object: count, average and each with its settlement",
      parameters: objectPath,
      responses: { "200": jsonResponse("`count`, `average`, `ratings`"), ...refusals },
    }),
    async (c) => {
      const b = await billing.objectBilling(idParam(c));
      return c.json({ count: b.count, average: b.average, ratings: b.ratings });
    },
  );
  // Providers delegate to this key (`key` role delegate) so the billing may start and stop sessions.
  app.get(
    "/v1/billing/key",
    describeRoute({
      summary: "The billing key: providers add it as a delegate so the billing may start and stop sessions",
      responses: { "200": jsonResponse("`did` (did:key) and `key` (hex)") },
    }),
    (c) => c.json({ did: didKeyFromPublicKey(billing.key), key: hex(billing.key) }),
  );
  app.get(
    "/v1/log/anchor",
    describeRoute({
      summary: "The last checkpoint anchored on chain, with its transaction",
      responses: { "200": jsonResponse("the anchored checkpoint"), ...problems(404) },
    }),
    (c) => {
      const last = ctx.anchor?.last;
      if (!last) return problemResponse(new BillingError("NOT_ANCHORED", "nothing anchored yet"));
      return c.json(last);
    },
  );
  return app;
}
