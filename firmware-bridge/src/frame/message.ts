/** The protocol version in every frame's first byte (PROTOCOL.md §2). */
export const PROTOCOL_VERSION = 1;
/** The largest CBOR payload a frame carries (PROTOCOL.md §2). */
export const MAX_PAYLOAD_BYTES = 2048;
/** Version, type, payload and CRC-32: the frame before COBS. */
export const MAX_FRAME_BYTES = MAX_PAYLOAD_BYTES + 6;
/** The longest COBS-encoded frame, without its delimiter. */
export const MAX_WIRE_BYTES = MAX_FRAME_BYTES + Math.ceil(MAX_FRAME_BYTES / 254);
/** Readings in one batch (PROTOCOL.md §3.3). */
export const MAX_BATCH = 32;

/** A reading's value: a number, a text (≤ 256 bytes) or a boolean, as in a `state` statement. */
export type ReadingValue = number | string | boolean;

/** One sensor value, SenML-style: a name (`[A-Za-z][A-Za-z0-9_.-]{0,31}`), a value and a unit. */
export interface Reading {
  name: string;
  value: ReadingValue;
  /** A SenML unit (RFC 8428 §12.1), e.g. "Cel", "%RH", "W", ≤ 16 bytes. */
  unit?: string;
}

/** The message type codes (PROTOCOL.md §3): MCU → host below 0x80, host → MCU from 0x80. */
export const MESSAGE_TYPES = {
  hello: 0x01,
  reading: 0x02,
  batch: 0x03,
  event: 0x04,
  statement: 0x05,
  login: 0x81,
  down: 0x82,
} as const;

export type MessageType = keyof typeof MESSAGE_TYPES;

/** A decoded frame: what the microcontroller (or the host) said. */
export type Message =
  /** The MCU introduces itself after reset: firmware version, device model or serial, sensor names. */
  | { type: "hello"; firmware: string; device: string; sensors: string[] }
  | { type: "reading"; reading: Reading }
  | { type: "batch"; readings: Reading[] }
  /** Something happened (a door opened, a fault): a name and an optional value. */
  | { type: "event"; name: string; value?: ReadingValue }
  /** Pass-through: a COSE_Sign1 statement the MCU signed with its own key, forwarded untouched. */
  | { type: "statement"; bytes: Uint8Array }
  /** Host → MCU: sign a `connect` statement with this time and nonce (the MQTT login of its avatar). */
  | { type: "login"; ts: number; nonce: Uint8Array }
  /** Host → MCU: a signed statement from the avatar's down topic (receipt, command), untouched. */
  | { type: "down"; bytes: Uint8Array };

export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;
