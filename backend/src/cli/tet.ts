import { avatar } from "./commands/avatar.js";
import { caCommand } from "./commands/caCommand.js";
import { chain } from "./commands/chain.js";
import { channelCommand } from "./commands/channel.js";
import { command } from "./commands/command.js";
import { documentCommand } from "./commands/document.js";
import { eventCommand } from "./commands/event.js";
import { exportCommand } from "./commands/exportCommand.js";
import { history } from "./commands/history.js";
import { inspect } from "./commands/inspect.js";
import { invoiceCommand } from "./commands/invoice.js";
import { keyCommand } from "./commands/key.js";
import { keygen } from "./commands/keygen.js";
import { passport } from "./commands/passport.js";
import { providerCommand } from "./commands/provider.js";
import { ratingCommand } from "./commands/rating.js";
import { reserveCommand } from "./commands/reserve.js";
import { sign } from "./commands/sign.js";
import { submit } from "./commands/submit.js";
import { tariffCommand } from "./commands/tariff.js";
import { transfer } from "./commands/transfer.js";
import { verifyCommand } from "./commands/verify.js";
import { voucherCommand } from "./commands/voucher.js";
import { warranty } from "./commands/warranty.js";
import { dispatch } from "./dispatch.js";
import type { CliIo, Command } from "./io.js";

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
