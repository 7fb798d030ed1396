/**
 * A defect in the backend's configuration, naming the option (`http_port`, `TET_PG`, `--chain`) and
 * what is wrong, on one line: `tet-backend serve` prints it and exits 2.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly key: string;

  constructor(key: string, why: string) {
    super(`${key} ${why}`);
    this.key = key;
  }
}
