/** What the `tet-agent` commands may touch of the outside world, so they run in-process in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Aborted when the agent should stop (SIGINT, SIGTERM). */
  signal: AbortSignal;
}

/** A subcommand: returns the exit code (0 ok, 1 failure, 2 usage, 3 the key is not bound). */
export interface AgentCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A mistake in how a command was called: exit code 2. */
export class UsageError extends Error {}

/** Reads `--name value` (or `--name=value`) options; refuses unknown options and positionals. */
export function parseOptions(args: string[], known: readonly string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--")) throw new UsageError(`unexpected argument ${JSON.stringify(a)}`);
    const [flag, inline] = a.slice(2).split("=", 2) as [string, string | undefined];
    if (!known.includes(flag)) throw new UsageError(`unknown option --${flag}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`--${flag} needs a value`);
    options.set(flag, value);
  }
  return options;
}
