import type { CliIo, Command } from "../commandLine/index.js";
import { dispatch } from "../commandLine/index.js";
import {
  avatar,
  caCommand,
  chain,
  channelCommand,
  command,
  documentCommand,
  eventCommand,
  exportCommand,
  history,
  inspect,
  invoiceCommand,
  keyCommand,
  keygen,
  passport,
  providerCommand,
  ratingCommand,
  reserveCommand,
  sign,
  submit,
  tariffCommand,
  transfer,
  verifyCommand,
  voucherCommand,
  warranty,
} from "./commands/index.js";

/** The `tet` command's subcommands; later issues add theirs here. */
export const TET_COMMANDS: readonly Command[] = [
  keygen,
  sign,
  inspect,
  chain,
  avatar,
  passport,
  history,
  transfer,
  keyCommand,
  warranty,
  documentCommand,
  eventCommand,
  command,
  submit,
  exportCommand,
  verifyCommand,
  tariffCommand,
  invoiceCommand,
  voucherCommand,
  channelCommand,
  reserveCommand,
  providerCommand,
  caCommand,
  ratingCommand,
];

/**
 * The `tet` command: keys, statements and (as the system grows) avatars, passports and offline
 * verification, for owners, issuers and providers. Returns the exit code.
 */
export function runTet(argv: string[], io: CliIo): Promise<number> {
  return dispatch("tet", TET_COMMANDS, argv, io);
}
