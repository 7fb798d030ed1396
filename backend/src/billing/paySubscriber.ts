import mqtt, { type MqttClient } from "mqtt";
import type { BillingService } from "./billingService.js";
import { handlePayMessage, PAY_SUBSCRIPTION } from "./payTopic.js";

/**
 * The MQTT adapter of the voucher protocol: a backend client (the broker's backend credential)
 * subscribed to `tet/v1/o/+/pay`; each voucher is checked like its HTTP twin and the outcome (or
 * refusal code) is published as JSON on `tet/v1/o/{id}/pay/ack`, QoS 1.
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
    if (!topic.endsWith("/pay")) return;
    handlePayMessage(opts.billing, topic, payload).then(
      (r) => {
        const body = r.ok ? { ok: true, ...r.outcome } : r;
        client.publish(`${topic}/ack`, JSON.stringify(body), { qos: 1 });
      },
      (e) => opts.billing.emit("error", e),
    );
  });
  await client.subscribeAsync(PAY_SUBSCRIPTION, { qos: 1 });
  return { client, close: () => client.endAsync() };
}
