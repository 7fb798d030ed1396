import { BridgeError } from "../bridgeError.js";
import { cobsDecode, cobsEncode } from "./cobs.js";
import { crc32 } from "./crc32.js";
import {
  MAX_FRAME_BYTES,
  MAX_PAYLOAD_BYTES,
  MESSAGE_TYPES,
  type Message,
  type MessageType,
  PROTOCOL_VERSION,
} from "./message.js";
import { decodePayload, encodePayload } from "./payload.js";

const TYPE_BY_CODE = new Map<number, MessageType>(
  Object.entries(MESSAGE_TYPES).map(([k, v]) => [v, k as MessageType]),
);

/**
 * One message as it goes on the wire (PROTOCOL.md §2): version, type, CBOR payload and CRC-32
 * (little-endian, over version..payload), COBS-encoded and followed by the 0x00 delimiter.
 *
 * @example
 * port.write(encodeFrame({ type: "reading", reading: { name: "temperature", value: 21.5, unit: "Cel" } }));
 */
export function encodeFrame(m: Message): Uint8Array {
  const payload = encodePayload(m);
  if (payload.length > MAX_PAYLOAD_BYTES)
    throw new BridgeError("MESSAGE_INVALID", `payload of ${payload.length} bytes > ${MAX_PAYLOAD_BYTES}`);
  const raw = new Uint8Array(payload.length + 6);
  raw[0] = PROTOCOL_VERSION;
  raw[1] = MESSAGE_TYPES[m.type];
  raw.set(payload, 2);
  new DataView(raw.buffer).setUint32(raw.length - 4, crc32(raw, 0, raw.length - 4), true);
  const enc = cobsEncode(raw);
  const out = new Uint8Array(enc.length + 1); // the trailing zero is the delimiter
  out.set(enc);
  return out;
}

/**
 * Decodes one frame's bytes between two delimiters (without them). The checks run cheapest first —
 * size, COBS, length, CRC, version, type, then the payload — and each defect has its own code.
 *
 * @throws BridgeError FRAME_TOO_LARGE, FRAME_COBS, FRAME_SHORT, FRAME_CRC, FRAME_VERSION, FRAME_TYPE or FRAME_PAYLOAD.
 */
export function decodeFrame(wire: Uint8Array): Message {
  const raw = cobsDecode(wire);
  if (raw === undefined) throw new BridgeError("FRAME_COBS");
  if (raw.length > MAX_FRAME_BYTES) throw new BridgeError("FRAME_TOO_LARGE", `${raw.length} bytes`);
  if (raw.length < 6) throw new BridgeError("FRAME_SHORT", `${raw.length} bytes`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
  const want = view.getUint32(raw.length - 4, true);
  if (crc32(raw, 0, raw.length - 4) !== want) throw new BridgeError("FRAME_CRC");
  if (raw[0] !== PROTOCOL_VERSION) throw new BridgeError("FRAME_VERSION", `version ${raw[0]}`);
  const type = TYPE_BY_CODE.get(raw[1]!);
  if (type === undefined) throw new BridgeError("FRAME_TYPE", `type 0x${raw[1]!.toString(16)}`);
  return decodePayload(type, raw.slice(2, raw.length - 4));
}
