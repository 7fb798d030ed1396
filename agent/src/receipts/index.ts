export { handleReceipt, type ReceiptOutcome } from "./handleReceipt.js";
