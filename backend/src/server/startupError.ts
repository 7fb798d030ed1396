import { BackendError } from "../errors/index.js";
import { SERVER_ERROR_CODES } from "./configError.js";

/**
 * Why the backend cannot start (`BackendError`, code STARTUP_FAILED), on one line naming the option that fixes it — a port in use, an
 * unusable data directory, a database that is not one, an unreachable PostgreSQL, an empty secret,
 * a data directory another backend holds. `tet-backend serve` prints it and exits 2, like a
 * `ConfigError`: both are the operator's to fix, neither is a bug with a stack trace.
 */
export class StartupError extends BackendError<"STARTUP_FAILED"> {
  override readonly name = "StartupError";
  /** The option that fixes it, with its flag and variable: `mqtt_port (--mqtt-port, TET_MQTT_PORT)`. */
  readonly option: string;

  constructor(option: string, why: string, options?: { cause?: unknown }) {
    super(SERVER_ERROR_CODES, "STARTUP_FAILED", why, { ...options, message: `${option}: ${why}` });
    this.option = option;
  }
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/**
 * A listen failure as a StartupError for `option` (EADDRINUSE, EACCES for a privileged port,
 * EADDRNOTAVAIL), or the error itself when it is something else.
 */
export function listenFailure(e: unknown, option: string, port: number): unknown {
  const code = errno(e);
  if (code === "EADDRINUSE")
    return new StartupError(
      option,
      `port ${port} is in use: stop what listens there, or choose another port (0 = any free one)`,
      { cause: e },
    );
  if (code === "EACCES")
    return new StartupError(
      option,
      `port ${port} needs privileges this process lacks: choose a port above 1023`,
      { cause: e },
    );
  if (code === "EADDRNOTAVAIL")
    return new StartupError(option, `no local address to listen on port ${port} (${(e as Error).message})`, {
      cause: e,
    });
  return e;
}

/** A URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(not a URL)";
  }
}
