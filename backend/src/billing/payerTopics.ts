import { isObjectIdText } from "@tet/schemas";

/** The topic a payer publishes vouchers for an object to (JSON `tet-voucher`, QoS 1). */
export const payTopic = (objectId: string) => `tet/v1/o/${objectId}/pay`;

/**
 * Where the embedded broker re-addresses a logged-in payer's voucher: `tet/v1/p/{address}/pay/{id}`.
 * Only the broker writes it for payers (a payer may not publish under `tet/v1/p/`), so the address in
 * the topic is the one the login proved, and the billing knows whom to answer.
 */
export const payerPayTopic = (address: string, objectId: string) =>
  `tet/v1/p/${address.toLowerCase()}/pay/${objectId}`;

/** The payer's own acknowledgement topic: only that payer may subscribe to it. */
export const payerAckTopic = (address: string) => `tet/v1/p/${address.toLowerCase()}/ack`;

/** What the billing subscribes to for payers' vouchers. */
export const PAYER_PAY_SUBSCRIPTION = "tet/v1/p/+/pay/+";

/** The object id of a `tet/v1/o/{id}/pay` topic, or undefined. */
export function payTopicObject(topic: string): string | undefined {
  const m = /^tet\/v1\/o\/([a-z2-7]{26})\/pay$/.exec(topic);
  return m?.[1] !== undefined && isObjectIdText(m[1]) ? m[1] : undefined;
}

/** The payer address and object id of a `tet/v1/p/{address}/pay/{id}` topic, or undefined. */
export function parsePayerPayTopic(topic: string): { address: string; objectId: string } | undefined {
  const m = /^tet\/v1\/p\/(0x[0-9a-f]{40})\/pay\/([a-z2-7]{26})$/.exec(topic);
  if (m?.[1] === undefined || m[2] === undefined || !isObjectIdText(m[2])) return undefined;
  return { address: m[1], objectId: m[2] };
}
