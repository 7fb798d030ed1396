/**
 * Every defect the bridge reports carries a stable code from this closed union: the stream decoder
 * counts rejected frames by it, the agent's driver logs it, and tests name the same defect the same way.
 */
export const BRIDGE_ERROR_CODES = {
  FRAME_TOO_LARGE: "the frame exceeds the maximum frame size",
  FRAME_COBS: "the frame is not valid COBS",
  FRAME_SHORT: "the frame is shorter than its header and CRC",
  FRAME_CRC: "the frame's CRC-32 does not match",
  FRAME_VERSION: "the frame has an unsupported protocol version",
  FRAME_TYPE: "the frame has an unknown message type",
  FRAME_PAYLOAD: "the frame's payload is not a valid message of its type",
  MESSAGE_INVALID: "the message cannot be encoded",
  MAP_INVALID: "the Modbus register map is invalid",
  MODBUS_FAILED: "a Modbus read failed",
  TRANSPORT_INVALID: "the transport configuration is invalid",
  TRANSPORT_FAILED: "the transport failed",
} as const;

export type BridgeErrorCode = keyof typeof BRIDGE_ERROR_CODES;

/** The base of every error the bridge throws: a stable `code`, a short message and a `cause`. */
export class BridgeError extends Error {
  override readonly name = "BridgeError";
  readonly code: BridgeErrorCode;

  constructor(code: BridgeErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${BRIDGE_ERROR_CODES[code]}: ${detail}` : BRIDGE_ERROR_CODES[code], {
      cause: options?.cause,
    });
    this.code = code;
  }
}

/** True when `e` is a BridgeError, optionally with the given code. */
export function isBridgeError(e: unknown, code?: BridgeErrorCode): e is BridgeError {
  return e instanceof BridgeError && (code === undefined || e.code === code);
}
