// The `tet` subcommands, one per file; ../tet.ts registers them.

export { avatar } from "./avatar.js";
export { caCommand } from "./caCommand.js";
export { chain } from "./chain.js";
export { channelCommand } from "./channel.js";
export { command } from "./command.js";
export { documentCommand } from "./document.js";
export { eventCommand } from "./event.js";
export { exportCommand } from "./exportCommand.js";
export { history } from "./history.js";
export { inspect } from "./inspect.js";
export { invoiceCommand } from "./invoice.js";
export { keyCommand } from "./key.js";
export { keygen } from "./keygen.js";
export { passport } from "./passport.js";
export { providerCommand } from "./provider.js";
export { ratingCommand } from "./rating.js";
export { reserveCommand } from "./reserve.js";
export { sign } from "./sign.js";
export { submit } from "./submit.js";
export { tariffCommand } from "./tariff.js";
export { transfer } from "./transfer.js";
export { verifyCommand } from "./verify.js";
export { voucherCommand } from "./voucher.js";
export { warranty } from "./warranty.js";
