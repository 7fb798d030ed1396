// What the gas benches share: TET amounts, one report line per transaction, fresh attestations.
import { keccak256, parseUnits, type TransactionReceipt, toHex } from "viem";
import { report } from "../../scripts/bench/report.ts";

export const tet = (n: number | string) => parseUnits(String(n), 18);
export const gas = (name: string, r: TransactionReceipt, note?: string) =>
  report({ suite: "contracts", name, value: Number(r.gasUsed), unit: "gas", ...(note ? { note } : {}) });
let n = 0;
export const att = () => keccak256(toHex(`bench ${++n}`));
