import { didKeyFromPublicKey, isObjectIdText } from "@tet/schemas";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AnchorService } from "../anchor/index.js";
import { problemResponse } from "../errors/index.js";
import { BillingError } from "./billingError.js";
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

function period(c: Context): { from: number; to: number } {
  const from = Number(c.req.query("from") ?? "0");
  const to = Number(c.req.query("to") ?? String(8.64e15));
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
  app.post("/v1/objects/:id/sessions", limited, async (c) => {
    const id = idParam(c);
    const r = await billing.openSession(parseSessionRequest(await body(c), id));
    return c.json({ object: id, ...r }, 201);
  });
  app.get("/v1/objects/:id/sessions/:session", (c) => {
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
    });
  });
  app.post("/v1/objects/:id/vouchers", limited, async (c) => {
    const m = parseVoucherMessage(await body(c), idParam(c));
    const out = await billing.submitVoucher(m);
    return c.json(out, out.short ? 402 : 200);
  });
  app.post("/v1/objects/:id/sessions/:session/settle", limited, async (c) =>
    c.json(await billing.settle(idParam(c), c.req.param("session"))),
  );
  app.get("/v1/objects/:id/invoice", async (c) => {
    const session = c.req.query("session");
    const scope: InvoiceScope = session ? { session } : { period: period(c) };
    const size = c.req.query("size");
    if (size !== undefined && !/^[0-9]{1,15}$/.test(size))
      throw new BillingError("INVOICE_MALFORMED", "size");
    return c.json(await billing.invoice(idParam(c), scope, size === undefined ? undefined : Number(size)));
  });
  app.get("/v1/objects/:id/provider-statement", async (c) => {
    const s = await billing.providerStatement([idParam(c)], period(c));
    if (c.req.query("format") === "csv")
      return c.body(providerStatementCsv(s), 200, { "content-type": "text/csv; charset=utf-8" });
    return c.json(s);
  });
  app.get("/v1/objects/:id/ratings", async (c) => {
    const b = await billing.objectBilling(idParam(c));
    return c.json({ count: b.count, average: b.average, ratings: b.ratings });
  });
  // Providers delegate to this key (`key` role delegate) so the billing may start and stop sessions.
  app.get("/v1/billing/key", (c) =>
    c.json({ did: didKeyFromPublicKey(billing.key), key: Buffer.from(billing.key).toString("hex") }),
  );
  app.get("/v1/log/anchor", (c) => {
    const last = ctx.anchor?.last;
    if (!last) return problemResponse(new BillingError("NOT_ANCHORED", "nothing anchored yet"));
    return c.json(last);
  });
  return app;
}
