import { createHmac, timingSafeEqual } from "node:crypto";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { CUSTODIAN_ERROR_CODES, CustodianError, type CustodianErrorCode } from "./custodianError.js";
import { checkAmount, checkCurrency, checkDate, type StatementEntry } from "./statementEntry.js";

/** The largest webhook body read. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;
/** How far a webhook's signed timestamp may be from now. */
export const WEBHOOK_TOLERANCE_S = 300;

/** RFC 9457 problem document with the custodian's stable code. */
export function problem(
  c: Context,
  status: 400 | 401 | 413 | 422,
  code: CustodianErrorCode,
  detail?: string,
) {
  return c.body(
    JSON.stringify({
      type: "about:blank",
      title: CUSTODIAN_ERROR_CODES[code],
      status,
      code,
      ...(detail ? { detail } : {}),
    }),
    status,
    { "content-type": "application/problem+json" },
  );
}

/** `Tet-Signature: t=UNIX,v1=HEX`: HMAC-SHA256 of `t.body` under the shared secret (RFC 2104). */
export function signWebhook(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

function verify(secret: string, header: string | undefined, body: string, now: number): boolean {
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!m || Math.abs(now - Number(m[1])) > WEBHOOK_TOLERANCE_S) return false;
  const want = createHmac("sha256", secret).update(`${m[1]}.${body}`).digest();
  return timingSafeEqual(want, Buffer.from(m[2] as string, "hex"));
}

/** Reads a `payment.succeeded` event's payment strictly into a statement entry (a credit). */
export function paymentEntry(data: unknown): StatementEntry {
  const d = data as Record<string, unknown> | null;
  const str = (k: string, max = 200) => {
    const v = d?.[k];
    if (typeof v !== "string" || v.length > max)
      throw new CustodianError("WEBHOOK_MALFORMED", `data.${k} is not a string`);
    return v;
  };
  const reference = str("reference");
  const account = str("account");
  if (reference === "" || account === "")
    throw new CustodianError("WEBHOOK_MALFORMED", "empty account or reference");
  return {
    account: `provider:${account}`,
    reference,
    bookingDate: checkDate(str("booked"), "data.booked"),
    direction: "credit",
    amount: checkAmount(str("amount"), "data.amount"),
    currency: checkCurrency(str("currency"), "data.currency"),
    remittance: str("remittance", 1_000),
    counterparty: typeof d?.payer === "string" ? d.payer.slice(0, 200) : "",
  };
}

/**
 * `POST /v1/custodian/webhook`: a payment provider's notification, authenticated by an HMAC of its
 * body and a timestamp within five minutes (a replayed or forged call is 401 WEBHOOK_UNAUTHORIZED),
 * at most 64 KiB (413 before it is buffered). A `payment.succeeded` event is a credit, imported
 * like a statement line; a provider's retry of the same payment changes nothing (its reference is
 * used). Other event types are acknowledged and ignored.
 */
export function webhookRoute(o: {
  secret: string;
  onPayment(entry: StatementEntry): Promise<{ credits: number; refused: { code: string; detail: string }[] }>;
  onRefusal(code: CustodianErrorCode): void;
}): Hono {
  const app = new Hono();
  app.post(
    "/v1/custodian/webhook",
    bodyLimit({
      maxSize: MAX_WEBHOOK_BYTES,
      onError: (c) => {
        o.onRefusal("TOO_LARGE");
        return problem(c, 413, "TOO_LARGE", `a webhook body is at most ${MAX_WEBHOOK_BYTES} bytes`);
      },
    }),
    async (c) => {
      const body = await c.req.text();
      if (!verify(o.secret, c.req.header("tet-signature"), body, Math.floor(Date.now() / 1000))) {
        o.onRefusal("WEBHOOK_UNAUTHORIZED");
        return problem(c, 401, "WEBHOOK_UNAUTHORIZED");
      }
      try {
        let event: { type?: unknown; data?: unknown };
        try {
          event = JSON.parse(body);
        } catch {
          throw new CustodianError("WEBHOOK_MALFORMED", "the body is not JSON");
        }
        if (event?.type !== "payment.succeeded") return c.json({ ignored: String(event?.type) }, 202);
        const r = await o.onPayment(paymentEntry(event.data));
        return c.json({
          credits: r.credits,
          refused: r.refused,
          duplicate: r.refused.some((x) => x.code === "DUPLICATE_REFERENCE"),
        });
      } catch (e) {
        if (!(e instanceof CustodianError)) throw e;
        o.onRefusal(e.code);
        return problem(c, e.code === "WEBHOOK_MALFORMED" ? 400 : 422, e.code, e.message);
      }
    },
  );
  return app;
}
