/**
 * Every failure the agent reports carries a stable code from this closed union, so logs, the
 * `tet-agent` exit codes and tests name the same defect the same way. Wire-contract defects keep
 * their `TetError` code from `@tet/schemas`; these are the agent's own.
 */
export const AGENT_ERROR_CODES = {
  CONFIG_INVALID: "the configuration file is invalid",
  CONFIG_MISSING: "the configuration file cannot be read",
  KEY_MISSING: "the device key file cannot be read",
  KEY_EXISTS: "a key file already exists at that path",
  KEY_NOT_BOUND: "the device key is not bound to the avatar",
  AUTHORITY_INVALID: "the authority chain does not verify",
  OUTBOX_CORRUPT: "the outbox cannot be read",
  OUTBOX_CLOSED: "the outbox is closed",
  DRIVER_FAILED: "a sensor driver failed",
  DRIVER_UNKNOWN: "unknown sensor driver",
  LINK_REFUSED: "the broker refused the login",
  ENROL_FAILED: "the device CA did not issue a client certificate",
  COMMAND_REFUSED: "a command was refused",
  RECEIPT_INVALID: "a receipt does not verify",
  COMMAND_NOT_AUTHORIZED: "a command is not signed by the owner or a delegate",
  WRONG_OBJECT: "a down statement is about another object",
  DOWN_UNEXPECTED: "a statement of a kind the agent does not take on down",
  CHAIN_HEAD_UNKNOWN: "the log's head of the device chain cannot be confirmed",
  SESSION_ACTIVE: "a usage session is already running",
  SESSION_UNKNOWN: "no such usage session is running",
} as const;

export type AgentErrorCode = keyof typeof AGENT_ERROR_CODES;

/** The base of every error the agent throws: a stable `code`, a short message and a `cause`. */
export class AgentError extends Error {
  override readonly name = "AgentError";
  readonly code: AgentErrorCode;

  constructor(code: AgentErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${AGENT_ERROR_CODES[code]}: ${detail}` : AGENT_ERROR_CODES[code], {
      cause: options?.cause,
    });
    this.code = code;
  }
}

/** True when `e` is an AgentError, optionally with the given code. */
export function isAgentError(e: unknown, code?: AgentErrorCode): e is AgentError {
  return e instanceof AgentError && (code === undefined || e.code === code);
}
