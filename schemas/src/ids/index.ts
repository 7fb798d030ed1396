// Avatar addresses (`./avatarAddress.ts`) are exported from the package entry only: they load
// ip-address, which the statements (and so every device) that import this folder never need.
export { didKeyFromPublicKey, isDidKey, publicKeyFromDidKey } from "./didKey.js";
export { AVATAR_SERVICE, avatarInterfaceId, serviceInterfaceId } from "./interfaceId.js";
export { ipv6FromText, ipv6ToText, prefix64FromText, prefix64ToText } from "./ipv6Text.js";
export { bytesEqual, keyIdFromPublicKey, shortKeyId } from "./keyId.js";
export {
  isObjectIdText,
  OBJECT_ID_BYTES,
  OBJECT_ID_TEXT_LENGTH,
  objectIdFromGenesis,
  objectIdFromText,
  objectIdToText,
} from "./objectId.js";
export { serviceAddress, serviceAddressBytes } from "./serviceAddress.js";
export {
  downTopic,
  INGEST_SHARED_SUBSCRIPTION,
  INGEST_SUBSCRIPTION,
  parseTopic,
  TOPIC_ROOT,
  type TopicDirection,
  upTopic,
} from "./topics.js";
