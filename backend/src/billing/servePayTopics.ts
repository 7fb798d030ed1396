import type { Broker } from "../broker/index.js";
import type { BillingService } from "./billingService.js";
import { PAYER_PAY_SUBSCRIPTION } from "./payerTopics.js";
import { handlePayMessage, PAY_SUBSCRIPTION, payRoute } from "./payTopic.js";

/**
 * The MQTT side of the voucher protocol, in the broker's process: handles payers' vouchers
 * (`tet/v1/p/+/pay/+`, where `payerFamily` re-addresses what a logged-in payer publishes on
 * `tet/v1/o/{id}/pay`) and gateways' (`tet/v1/o/+/pay`). Each voucher is checked like its HTTP twin
 * and the outcome (or refusal code) is published as JSON, QoS 1, on the payer's own
 * `tet/v1/p/{address}/ack`, or for a gateway on `tet/v1/o/{id}/pay/ack`. Returns what stops it.
 *
 * @example
 * const stop = servePayTopics({ broker, billing });
 */
export function servePayTopics(opts: {
  broker: Pick<Broker, "handle" | "publish">;
  billing: BillingService;
}): () => void {
  const { broker, billing } = opts;
  const onMessage = (topic: string, payload: Buffer) => {
    const route = payRoute(topic);
    if (route === undefined) return;
    handlePayMessage(billing, route.objectId, payload)
      .then((ack) => broker.publish(route.ackTopic, JSON.stringify(ack)))
      .catch((e: unknown) => billing.emit("error", e));
  };
  const stops = [PAY_SUBSCRIPTION, PAYER_PAY_SUBSCRIPTION].map((filter) => broker.handle(filter, onMessage));
  return () => {
    for (const stop of stops) stop();
  };
}
