import { type Logger, pino } from "pino";

/** Levels the backend logs at (`log_level`). */
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";

/**
 * The backend's structured log: pino JSON lines on stderr (fd 2, written synchronously so nothing
 * is lost when the process exits), leaving stdout to the one `{"ready":…}` line scripts parse.
 * `destination` is for tests (any writable with `write`).
 *
 * @example
 * const logger = createLogger({ level: "info" });
 * logger.info({ component: "ingest", code: "SEQ_GAP" }, "refused");
 */
export function createLogger(opts: { level: LogLevel; destination?: { write(s: string): void } }): Logger {
  const dest = opts.destination ?? pino.destination({ fd: 2, sync: true });
  return pino(
    { level: opts.level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    dest,
  );
}

/**
 * Adapts the components' one-line `log(line)` callbacks (`"broker: …"`, `"ingest: refused …"`) to the
 * structured log: the word before the first colon becomes the `component` field.
 */
export function lineLogger(logger: Logger): (line: string) => void {
  return (line) => {
    const m = /^([a-z][\w-]*): (.*)$/s.exec(line);
    if (m) logger.info({ component: m[1] }, m[2]);
    else logger.info(line);
  };
}
