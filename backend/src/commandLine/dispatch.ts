import { isTetError } from "@tet/schemas";
import type { CliIo, Command } from "./io.js";

/**
 * Runs `argv` against a table of subcommands and turns failures into exit codes: a TetError prints
 * `error CODE: message` and exits 1; an unknown command or `--help` prints the usage.
 */
export async function dispatch(
  program: string,
  commands: readonly Command[],
  argv: string[],
  io: CliIo,
): Promise<number> {
  const [name, ...rest] = argv;
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const help = name === undefined || name === "help" || name === "--help" || name === "-h";
    io[help ? "stdout" : "stderr"](
      `${help ? "" : `${program}: unknown command ${JSON.stringify(name)}\n\n`}usage: ${program} <command> [options]\n\n${commands
        .map((c) => `  ${c.name.padEnd(10)} ${c.summary}`)
        .join("\n")}\n`,
    );
    return help ? 0 : 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`usage: ${program} ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (isTetError(e)) {
      io.stderr(`error ${e.code}: ${e.message}\n`);
      return 1;
    }
    if (e instanceof UsageError) {
      io.stderr(`${program} ${command.name}: ${e.message}\nusage: ${program} ${command.usage}\n`);
      return 2;
    }
    throw e;
  }
}

/** A mistake in how a command was called (missing option, unreadable file): exit code 2. */
export class UsageError extends Error {}

/** Reads `--name value` options and positional arguments; refuses unknown options. */
export function parseArgs(
  args: string[],
  known: readonly string[],
): { options: Map<string, string>; positional: string[] } {
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith("--")) {
      const [flag, inline] = a.slice(2).split("=", 2) as [string, string | undefined];
      if (!known.includes(flag)) throw new UsageError(`unknown option --${flag}`);
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`--${flag} needs a value`);
      options.set(flag, value);
    } else positional.push(a);
  }
  return { options, positional };
}
