import mqtt, { type MqttClient } from "mqtt";
import type { BillingService } from "./billingService.js";
import { handlePayMessage, PAY_SUBSCRIPTION, PAYER_PAY_SUBSCRIPTION, payRoute } from "./payTopic.js";

/**
 * The MQTT adapter of the voucher protocol: a backend client (the broker's backend credential)
 * subscribed to payers' vouchers (`tet/v1/p/+/pay/+`, where the embedded broker re-addresses what a
 * logged-in payer publishes on `tet/v1/o/{id}/pay`) and to gateways' (`tet/v1/o/+/pay`). Each voucher
 * is checked like its HTTP twin and the outcome (or refusal code) is published as JSON, QoS 1, on
 * the payer's own `tet/v1/p/{address}/ack`, or for a gateway on `tet/v1/o/{id}/pay/ack`.
 */
export async function startPaySubscriber(opts: {
  url: string;
  username: string;
  password: string;
  billing: BillingService;
  clientId?: string;
}): Promise<{ client: MqttClient; close: () => Promise<void> }> {
  const client = await mqtt.connectAsync(opts.url, {
    username: opts.username,
    password: opts.password,
    clientId: opts.clientId ?? `tet-billing-${process.pid}`,
    protocolVersion: 4,
    reconnectPeriod: 1000,
  });
  client.on("message", (topic, payload) => {
    const route = payRoute(topic);
    if (route === undefined) return;
    handlePayMessage(opts.billing, route.objectId, payload).then(
      (ack) => client.publish(route.ackTopic, JSON.stringify(ack), { qos: 1 }),
      (e) => opts.billing.emit("error", e),
    );
  });
  await client.subscribeAsync([PAY_SUBSCRIPTION, PAYER_PAY_SUBSCRIPTION], { qos: 1 });
  return { client, close: () => client.endAsync() };
}
