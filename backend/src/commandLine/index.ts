// Command-line plumbing shared by the `tet` and `tet-backend` commands and by the subcommands other
// folders own (serve, invite, net, oracle): the I/O seam, argument parsing, dispatch, key files.
// The two composition roots that register every subcommand live in ../cli.
export { dispatch, parseArgs, UsageError } from "./dispatch.js";
export { type CliIo, type Command, processIo } from "./io.js";
export { readSigner } from "./readKey.js";
