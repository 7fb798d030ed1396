import {
  appendFileSync,
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

const FILE = "seen-commands.txt";

/**
 * The command ids the agent has seen, kept on disk (one `id-hex expires` line each, fsync'd before
 * the command runs) so a replayed command is refused even after a restart. An id needs remembering
 * only until its command expires — after that the expiry check refuses it anyway — so expired ids
 * are forgotten when the file is rewritten at start-up.
 */
export class SeenCommands {
  private readonly ids = new Map<string, number>();
  private readonly path: string;

  constructor(dataDir: string, now: number) {
    this.path = join(dataDir, FILE);
    let text = "";
    try {
      text = readFileSync(this.path, "utf8");
    } catch {}
    for (const line of text.split("\n")) {
      const [id, expires] = line.split(" ");
      if (id && Number(expires) > now) this.ids.set(id, Number(expires));
    }
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, [...this.ids].map(([id, e]) => `${id} ${e}\n`).join(""), { mode: 0o600 });
    renameSync(tmp, this.path);
  }

  has(idHex: string): boolean {
    return this.ids.has(idHex);
  }

  /** Records an id durably. */
  add(idHex: string, expires: number): void {
    this.ids.set(idHex, expires);
    appendFileSync(this.path, `${idHex} ${expires}\n`);
    const fd = openSync(this.path, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
