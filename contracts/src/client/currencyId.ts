import { type Hex, hexToString, isAddress, pad, stringToHex, trim } from "viem";
import { ChainError } from "../errors/index.js";

/**
 * The reserve's bytes32 id of a currency: an ISO 4217 code ("RUB", left-aligned ASCII) or an ERC-20
 * token address (right-aligned, like an address in an ABI word).
 */
export function currencyId(codeOrAddress: string): Hex {
  if (isAddress(codeOrAddress)) return pad(codeOrAddress.toLowerCase() as Hex, { size: 32 });
  if (!/^[A-Z]{3}$/.test(codeOrAddress)) {
    throw new ChainError("INVALID_INPUT", `not an ISO 4217 code or an address: ${codeOrAddress}`);
  }
  return stringToHex(codeOrAddress, { size: 32 });
}

/** The reverse of `currencyId`: "RUB" or a 0x address. */
export function currencyName(id: Hex): string {
  if (id.startsWith("0x000000000000000000000000")) return `0x${id.slice(26)}`;
  return hexToString(trim(id, { dir: "right" }));
}
