import {
  type Account,
  type Address,
  getAddress,
  type Hex,
  hexToBigInt,
  recoverTypedDataAddress,
  size,
} from "viem";

/** secp256k1 order / 2: the contract (OpenZeppelin ECDSA) refuses signatures with a higher s (EIP-2). */
const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** A cumulative payment voucher: the payer owes the payee `cumulativeAmount` TET wei in total. */
export interface Voucher {
  channel: bigint;
  payee: Address;
  cumulativeAmount: bigint;
  /** Unix seconds after which the voucher cannot be redeemed. */
  expiry: bigint;
}

export interface SignedVoucher {
  voucher: Voucher;
  signature: Hex;
}

/** EIP-712 type of the voucher; must match Settlement.VOUCHER_TYPEHASH. */
export const voucherTypes = {
  Voucher: [
    { name: "channel", type: "uint256" },
    { name: "payee", type: "address" },
    { name: "cumulativeAmount", type: "uint256" },
    { name: "expiry", type: "uint64" },
  ],
} as const;

/** EIP-712 domain of one Settlement contract on one chain (binds vouchers to both). */
export function voucherDomain(args: { chainId: number; settlement: Address }) {
  return { name: "TET Settlement", version: "1", chainId: args.chainId, verifyingContract: args.settlement };
}

/** Signs a voucher as the channel's payer (EIP-712 `eth_signTypedData_v4`). */
export async function signVoucher(args: {
  account: Account;
  chainId: number;
  settlement: Address;
  voucher: Voucher;
}): Promise<SignedVoucher> {
  if (!args.account.signTypedData) throw new TypeError("account cannot sign typed data");
  const signature = await args.account.signTypedData({
    domain: voucherDomain(args),
    types: voucherTypes,
    primaryType: "Voucher",
    message: args.voucher,
  });
  return { voucher: args.voucher, signature };
}

/**
 * Checks off chain that `payer` signed the voucher for this settlement contract and chain. A wrong or
 * garbled signature is a `false`, not an exception, so the backend can count and answer it.
 */
export async function verifyVoucher(args: {
  chainId: number;
  settlement: Address;
  payer: Address;
  signed: SignedVoucher;
}): Promise<boolean> {
  try {
    const sig = args.signed.signature;
    if (size(sig) !== 65 || hexToBigInt(`0x${sig.slice(66, 130)}`) > HALF_N) return false; // EIP-2
    const signer = await recoverTypedDataAddress({
      domain: voucherDomain(args),
      types: voucherTypes,
      primaryType: "Voucher",
      message: args.signed.voucher,
      signature: args.signed.signature,
    });
    return signer === getAddress(args.payer);
  } catch {
    return false;
  }
}
