/** What a CLI command may touch of the outside world, so commands run in-process in tests. */
export interface CliIo {
  stdout(chunk: string | Uint8Array): void;
  stderr(text: string): void;
  /** Everything on standard input. */
  readStdin(): Promise<Uint8Array>;
}

/** A subcommand of a CLI: `tet keygen`, `tet sign`, … */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code: 0 ok, 1 a defect in the input, 2 a usage error. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** The process's own standard streams. */
export const processIo: CliIo = {
  stdout: (chunk) => process.stdout.write(chunk),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return new Uint8Array(Buffer.concat(chunks));
  },
};
