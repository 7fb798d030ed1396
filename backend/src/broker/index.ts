// The MQTT front of the backend: the embedded aedes broker (TCP on IPv6 and IPv4, WebSocket) with
// signed-statement logins for devices, hooks for client families with logins and topics of their own
// (billing's payers), the topic ACL, the bounds on what one client can make it do (BrokerLimits), and
// the external-broker link (MQTT 5, shared subscription).
export { addressKey } from "./addressKey.js";
export { BROKER_ERROR_CODES, BrokerError, type BrokerErrorCode } from "./brokerError.js";
export { type BrokerLimits, brokerLimits, DEFAULT_BROKER_LIMITS } from "./brokerLimits.js";
export { type BackendCredential, checkLogin, type LoginContext } from "./checkLogin.js";
export type { ClientFamily, FamilyLogin, FamilyLoginContext, SendJson } from "./clientFamily.js";
export {
  connectExternalBroker,
  type ExternalBroker,
  type ExternalBrokerOptions,
} from "./connectExternalBroker.js";
export { KeyedBuckets } from "./keyedBuckets.js";
export { LoginBook } from "./loginBook.js";
export { NonceCache } from "./nonceCache.js";
export { type Broker, type BrokerOptions, startBroker } from "./startBroker.js";
export { mayPublish, maySubscribe, type Principal } from "./topicAcl.js";
