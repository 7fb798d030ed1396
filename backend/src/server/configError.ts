import { BackendError, type ErrorTable } from "../errors/index.js";

/** The server's own codes: what the operator must fix before the backend can start. */
export const SERVER_ERROR_CODES = {
  CONFIG_INVALID: { status: 500, title: "the backend's configuration is invalid" },
  STARTUP_FAILED: { status: 500, title: "the backend cannot start" },
} as const satisfies ErrorTable<string>;

/**
 * A defect in the backend's configuration (`BackendError`, code CONFIG_INVALID), naming the option
 * (`http_port`, `TET_PG`, `--chain`) and what is wrong, on one line: `tet-backend serve` prints it
 * and exits 2.
 */
export class ConfigError extends BackendError<"CONFIG_INVALID"> {
  override readonly name = "ConfigError";
  readonly key: string;

  constructor(key: string, why: string) {
    super(SERVER_ERROR_CODES, "CONFIG_INVALID", why, { message: `${key} ${why}` });
    this.key = key;
  }
}
