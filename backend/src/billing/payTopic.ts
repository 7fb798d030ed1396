import { isBillingError } from "./billingError.js";
import type { BillingService } from "./billingService.js";
import type { VoucherOutcome } from "./billingServiceOptions.js";
import { parsePayerPayTopic, payerAckTopic, payTopicObject } from "./payerTopics.js";
import { parseVoucherMessage } from "./voucherMessage.js";

/** What the billing handles for gateways (backend-credentialed clients publishing on an object's pay). */
export const PAY_SUBSCRIPTION = "tet/v1/o/+/pay";

/** An answer to one voucher message, as published on the ack topic (JSON). */
export type PayAck =
  | ({ ok: true; object: string; session: string } & VoucherOutcome)
  | { ok: false; object?: string; session?: string; code: string; detail: string };

/**
 * Where a voucher that arrived on `topic` comes from and where its answer goes: a payer's voucher
 * (re-addressed by the broker to `tet/v1/p/{address}/pay/{id}`) is answered on that payer's
 * `tet/v1/p/{address}/ack`; a gateway's on `tet/v1/o/{id}/pay` on `tet/v1/o/{id}/pay/ack`. Undefined for
 * any other topic.
 */
export function payRoute(topic: string): { objectId: string; ackTopic: string } | undefined {
  const payer = parsePayerPayTopic(topic);
  if (payer) return { objectId: payer.objectId, ackTopic: payerAckTopic(payer.address) };
  const objectId = payTopicObject(topic);
  return objectId === undefined ? undefined : { objectId, ackTopic: `${topic}/ack` };
}

/**
 * Handles one voucher message for `objectId` (from its topic; it must match the message's): the
 * voucher is checked like its HTTP twin — the channel payer's signature, channel, payee, cumulative
 * amount, deposit, expiry. Never throws for a refusal: the outcome or the refusal's code is returned,
 * naming the object and session so a payer paying several can match it.
 */
export async function handlePayMessage(
  billing: BillingService,
  objectId: string,
  payload: Uint8Array,
): Promise<PayAck> {
  let session: string | undefined;
  try {
    const msg = parseVoucherMessage(JSON.parse(new TextDecoder().decode(payload)), objectId);
    session = msg.session;
    return { ok: true, object: objectId, session, ...(await billing.submitVoucher(msg)) };
  } catch (e) {
    const where = session === undefined ? { object: objectId } : { object: objectId, session };
    if (isBillingError(e)) return { ok: false, ...where, code: e.code, detail: e.message };
    if (e instanceof SyntaxError)
      return { ok: false, ...where, code: "VOUCHER_MALFORMED", detail: "not JSON" };
    throw e;
  }
}
