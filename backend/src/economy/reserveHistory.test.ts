import { describe, expect, it } from "vitest";
import { reserveHistory } from "./reserveHistory.js";

const E18 = 10n ** 18n;
const at = (block: number) => ({ block: BigInt(block), timestamp: 1_000 + block });

describe("reserveHistory", () => {
  it("replays deposits, rates and payouts into backing and circulating, one point per block", () => {
    const points = reserveHistory([
      { ...at(1), kind: "listed", fund: "RUB", decimals: 2, rate: E18 },
      { ...at(2), kind: "listed", fund: "USD", decimals: 2, rate: 90n * E18 },
      { ...at(3), kind: "deposit", fund: "RUB", amount: 100_000n, minted: 1_000n * E18 },
      { ...at(4), kind: "deposit", fund: "USD", amount: 10_000n, minted: 7_200n * E18 },
      { ...at(5), kind: "rate", fund: "USD", rate: 99n * E18 },
      { ...at(5), kind: "recapitalized", fund: "RUB", amount: 1n },
      { ...at(6), kind: "payout", fund: "RUB", payout: 50_000n, burned: 500n * E18 },
      { ...at(7), kind: "delisted", fund: "USD" },
    ]);
    expect(points.map((p) => [p.block, p.backing / 10n ** 16n, p.circulating / E18])).toEqual([
      [1n, 0n, 0n],
      [2n, 0n, 0n],
      [3n, 100_000n, 1_000n],
      [4n, 1_000_000n, 8_200n],
      [5n, 1_090_001n, 8_200n], // 100 USD at 99 + 1,000.01 RUB, in hundredths of TET
      [6n, 1_040_001n, 7_700n],
      [7n, 50_001n, 7_700n],
    ]);
  });

  it("rounds each fund's value down as the contract does (⌊amount × rate / 10^decimals⌋)", () => {
    const [, p] = reserveHistory([
      { ...at(1), kind: "listed", fund: "JPY", decimals: 0, rate: 6n },
      { ...at(2), kind: "deposit", fund: "JPY", amount: 7n, minted: 42n },
    ]);
    expect(p?.backing).toBe(42n);
    const [, q] = reserveHistory([
      { ...at(1), kind: "listed", fund: "X", decimals: 2, rate: 3n },
      { ...at(2), kind: "deposit", fund: "X", amount: 33n, minted: 0n },
    ]);
    expect(q?.backing).toBe(0n); // 33 × 3 / 100 = 0.99 → 0
  });
});
