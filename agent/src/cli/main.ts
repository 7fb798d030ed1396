import { isTetError } from "@tet/schemas/device";
import { isAgentError } from "../errors.js";
import type { AgentCommand, CliIo } from "./cliIo.js";
import { UsageError } from "./cliIo.js";
import { init, keygen, run, status } from "./commands/index.js";

export const AGENT_COMMANDS: readonly AgentCommand[] = [keygen, init, run, status];

/**
 * The `tet-agent` command: `keygen`, `init`, `run`, `status`. Returns the exit code: 0 ok, 1 an
 * error (printed as `error CODE: message`), 2 a usage or configuration error, 3 the device key is not bound.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const command = AGENT_COMMANDS.find((c) => c.name === name);
  const list = AGENT_COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join("\n");
  if (!command) {
    const help = name === undefined || name === "help" || name === "--help" || name === "-h";
    const text = `usage: tet-agent <command> [options]\n\n${list}\n`;
    if (help) io.stdout(text);
    else io.stderr(`tet-agent: unknown command ${JSON.stringify(name)}\n\n${text}`);
    return help ? 0 : 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`usage: tet-agent ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`tet-agent ${command.name}: ${e.message}\nusage: tet-agent ${command.usage}\n`);
      return 2;
    }
    if (isAgentError(e) || isTetError(e)) {
      io.stderr(`error ${e.code}: ${e.message}\n`);
      return isAgentError(e, "CONFIG_INVALID") || isAgentError(e, "CONFIG_MISSING") ? 2 : 1;
    }
    throw e;
  }
}
