import { isObjectIdText } from "@tet/schemas";
import { isBillingError } from "./billingError.js";
import type { BillingService, VoucherOutcome } from "./billingService.js";
import { parseVoucherMessage } from "./voucherMessage.js";

/** The MQTT topic a payer's vouchers for an object travel on (JSON `tet-voucher` messages, QoS 1). */
export const payTopic = (objectId: string) => `tet/v1/o/${objectId}/pay`;
/** What the billing's backend MQTT client subscribes to. */
export const PAY_SUBSCRIPTION = "tet/v1/o/+/pay";

/**
 * Handles one message from `tet/v1/o/{id}/pay`: the object comes from the topic and must match the
 * message's; the voucher is checked like its HTTP twin. Never throws: the outcome, or the refusal's
 * code, is returned (and the caller may publish it on `tet/v1/o/{id}/pay/ack`).
 */
export async function handlePayMessage(
  billing: BillingService,
  topic: string,
  payload: Uint8Array,
): Promise<{ ok: true; outcome: VoucherOutcome } | { ok: false; code: string; detail: string }> {
  const m = /^tet\/v1\/o\/([a-z2-7]{26})\/pay$/.exec(topic);
  if (!m || !isObjectIdText(m[1]!)) return { ok: false, code: "TOPIC_INVALID", detail: topic.slice(0, 80) };
  try {
    const msg = parseVoucherMessage(JSON.parse(new TextDecoder().decode(payload)), m[1]);
    return { ok: true, outcome: await billing.submitVoucher(msg) };
  } catch (e) {
    if (isBillingError(e)) return { ok: false, code: e.code, detail: e.message };
    if (e instanceof SyntaxError) return { ok: false, code: "VOUCHER_MALFORMED", detail: "not JSON" };
    throw e;
  }
}
