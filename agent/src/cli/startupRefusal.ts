import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Ed25519Signer, isTetError } from "@tet/schemas/device";
import type { AgentConfig } from "../config/index.js";
import { isAgentError } from "../errors.js";
import { loadSigner } from "../keys/index.js";

/**
 * Why `tet-agent run` cannot start, on one line naming the option that fixes it (the config key and
 * its environment variable): the CLI prints `tet-agent run: cannot start: …` and exits 2, like a
 * configuration error — the operator's to fix, not a bug with a stack trace.
 */
export class StartupRefusal extends Error {
  override readonly name = "StartupRefusal";
}

/** The device key, or a refusal naming `agent.key` when the file is missing or not a key. */
export function deviceSigner(config: AgentConfig): Ed25519Signer {
  try {
    return loadSigner(config.keyPath);
  } catch (e) {
    if (!isAgentError(e) && !isTetError(e)) throw e;
    const why = isAgentError(e, "KEY_MISSING")
      ? `${config.keyPath} cannot be read (${(e.cause as Error | undefined)?.message ?? e.message})`
      : `${config.keyPath} is not an Ed25519 key file (${e.code}: ${e.message})`;
    throw new StartupRefusal(
      `agent.key (TET_AGENT_KEY): ${why}: point it at the file \`tet-agent keygen --out FILE\` wrote`,
      { cause: e },
    );
  }
}

/** Refuses a data directory that cannot be created or written (it holds the outbox), naming `agent.data`. */
export function checkDataDirectory(dir: string): void {
  const probe = join(dir, `.write-test-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new StartupRefusal(
      `agent.data (TET_AGENT_DATA): ${dir} cannot be written (${err.message}): choose a directory this user can write`,
      { cause: e },
    );
  }
}
