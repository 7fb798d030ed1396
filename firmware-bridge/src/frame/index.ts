export { cobsDecode, cobsEncode } from "./cobs.js";
export { crc32 } from "./crc32.js";
export { decodeFrame, encodeFrame } from "./frameCodec.js";
export { type DecodeResult, FrameDecoder } from "./frameDecoder.js";
export {
  MAX_BATCH,
  MAX_FRAME_BYTES,
  MAX_PAYLOAD_BYTES,
  MAX_WIRE_BYTES,
  MESSAGE_TYPES,
  type Message,
  type MessageOf,
  type MessageType,
  PROTOCOL_VERSION,
  type Reading,
  type ReadingValue,
} from "./message.js";
export { decodePayload, encodePayload } from "./payload.js";
