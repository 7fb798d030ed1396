import { type ClientFamily, NonceCache } from "../broker/index.js";
import { checkPayerLogin } from "./checkPayerLogin.js";
import { PAYER_USERNAME_PREFIX } from "./payerLogin.js";
import { payerAckTopic, payerPayTopic, payTopicObject } from "./payerTopics.js";

/**
 * The payers as a client family of the embedded broker (`startBroker({ families })`): a payer logs
 * in with an EIP-712-signed login (`checkPayerLogin`; username `payer:0x…`), publishes vouchers only
 * to `tet/v1/o/{id}/pay` of any object — it pays objects it does not own; the voucher check, not the
 * broker, decides whether it pays anything — re-addressed to `tet/v1/p/{address}/pay/{id}` so that
 * the billing answers that payer alone, and subscribes only to its own `tet/v1/p/{address}/ack`,
 * never to a wildcard. A refused publish is answered `PUBLISH_DENIED` on that ack. Login nonces are
 * remembered for twice the login window, in a bounded cache of payers' nonces only.
 */
export function payerFamily(opts: { windowMs?: number } = {}): ClientFamily {
  const nonces = new NonceCache({ ttlMs: 2 * (opts.windowMs ?? 60_000) });
  return {
    name: "payer",
    claims: (username) => username.startsWith(PAYER_USERNAME_PREFIX),
    authenticate: (login, ctx) => checkPayerLogin(login, { ...ctx, nonces }),
    mayPublish: (_address, topic) => payTopicObject(topic) !== undefined,
    routePublish(address, packet) {
      packet.topic = payerPayTopic(address, payTopicObject(packet.topic) ?? "");
      packet.retain = false; // a voucher is an instant message, never replayed to new subscribers
    },
    publishRefused(address, topic, send) {
      send(payerAckTopic(address), {
        ok: false,
        code: "PUBLISH_DENIED",
        detail: `publish to ${topic.slice(0, 80)}`,
      });
    },
    maySubscribe: (address, filter) => filter === payerAckTopic(address),
  };
}
