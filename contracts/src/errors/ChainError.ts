import { type Abi, BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex } from "viem";
import {
  anchorAbi,
  custodianBoardAbi,
  paymentRouterAbi,
  rateOracleAbi,
  reserveAbi,
  settlementAbi,
  tETGovernorAbi,
  tETTimelockAbi,
  tETTokenAbi,
} from "../../generated/artifacts.js";

/** Every custom error of every contract, to decode revert data whichever path viem reported it by. */
const ALL_ERRORS = [
  anchorAbi,
  custodianBoardAbi,
  paymentRouterAbi,
  rateOracleAbi,
  reserveAbi,
  settlementAbi,
  tETGovernorAbi,
  tETTimelockAbi,
  tETTokenAbi,
]
  .flat()
  .filter((item) => item.type === "error") as Abi;

/** The closed set of failure codes the chain client reports. */
export type ChainErrorCode =
  | "CONTRACT_REVERTED" // the contract refused the call; `revertName` says why
  | "TX_FAILED" // the node refused or dropped the transaction
  | "DEPLOY_FAILED"
  | "INVALID_INPUT"
  | "ANVIL_START_FAILED"
  | "CLI_USAGE";

/**
 * The one error type of `@tet/contracts`: a stable `code`, a short message, the Solidity custom error's
 * name and arguments when a contract reverted, and the underlying viem error as `cause`.
 */
export class ChainError extends Error {
  override readonly name = "ChainError";
  readonly code: ChainErrorCode;
  /** The Solidity custom error, e.g. "IssuanceHalted", when `code` is CONTRACT_REVERTED. */
  readonly revertName: string | undefined;
  readonly revertArgs: readonly unknown[] | undefined;

  constructor(
    code: ChainErrorCode,
    message: string,
    options: { cause?: unknown; revertName?: string; revertArgs?: readonly unknown[] } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.revertName = options.revertName;
    this.revertArgs = options.revertArgs;
  }
}

/**
 * Maps whatever viem threw into a ChainError, decoding a contract's custom error when there is one.
 */
export function toChainError(err: unknown, what: string): ChainError {
  if (err instanceof ChainError) return err;
  if (err instanceof BaseError) {
    const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
    const withData = err.walk((e) => typeof (e as { data?: unknown }).data === "string") as {
      data?: Hex;
    } | null;
    const raw =
      reverted instanceof ContractFunctionRevertedError ? (reverted.raw ?? withData?.data) : withData?.data;
    const decoded = raw ? decodeOurs(raw) : undefined;
    const name =
      decoded?.errorName ?? (reverted instanceof ContractFunctionRevertedError ? reverted.reason : undefined);
    if (name !== undefined || reverted) {
      return new ChainError("CONTRACT_REVERTED", `${what} reverted: ${name ?? "without a reason"}`, {
        cause: err,
        ...(name ? { revertName: name } : {}),
        revertArgs: decoded?.args ?? [],
      });
    }
    return new ChainError("TX_FAILED", `${what} failed: ${err.shortMessage}`, { cause: err });
  }
  return new ChainError("TX_FAILED", `${what} failed: ${String(err)}`, { cause: err });
}

function decodeOurs(data: Hex): { errorName: string; args: readonly unknown[] } | undefined {
  if (data.length < 10) return undefined;
  try {
    const d = decodeErrorResult({ abi: ALL_ERRORS, data });
    return { errorName: d.errorName, args: d.args ?? [] };
  } catch {
    return undefined;
  }
}
