import { describe, expect, it } from "vitest";
import type { FundReport, ReserveReport } from "../../economy/index.js";
import { duration, formatUnits, parseUnits, percent } from "./economyFormat.js";
import { reserveAlerts } from "./reserveAlerts.js";

const fund = (o: Partial<FundReport>): FundReport => ({
  id: "0x",
  currency: "USD",
  name: "USD",
  decimals: 2,
  kind: "attested",
  token: "0x0000000000000000000000000000000000000000",
  peg: false,
  amount: "100",
  rate: "1",
  rateUpdatedAt: 0,
  rateAge: 60,
  stale: false,
  value: "0",
  buffer: "0",
  issued: "0",
  bufferBps: 0,
  ...o,
});
const report = (o: Partial<ReserveReport>, totals: Partial<ReserveReport["totals"]> = {}) =>
  ({
    maxRateAge: 3_600,
    issuancePaused: false,
    funds: [fund({ peg: true, currency: "RUB", name: "RUB", rateAge: 99_999 })],
    totals: { deficit: "0", backing: "0", circulating: "0", ...totals },
    ...o,
  }) as ReserveReport;

describe("the reserve's states in words", () => {
  it("is one green line when all is well; the peg's rate never goes stale", () => {
    expect(reserveAlerts(report({})).map((a) => [a.level, a.code])).toEqual([["ok", "HEALTHY"]]);
  });

  it("warns before a rate goes stale, and says what a stale one stops", () => {
    const soon = reserveAlerts(report({ funds: [fund({ rateAge: 2_800 })] }));
    expect(soon.map((a) => a.code)).toEqual(["STALE_SOON"]);
    expect(soon[0]?.text).toContain("goes stale in 13 min");
    const stale = reserveAlerts(report({ funds: [fund({ rateAge: 3_700, stale: true })] }));
    expect(stale[0]?.text).toContain("refuses every deposit and every redemption, in every fund (StaleRate)");
    // A fund that holds nothing does not halt the reserve: no alert for its old rate.
    expect(reserveAlerts(report({ funds: [fund({ amount: "0", rateAge: 9_000 })] }))[0]?.code).toBe(
      "HEALTHY",
    );
  });

  it("names the deficit, the halt of issuance and the haircut redemptions pay", () => {
    const e18 = 10n ** 18n;
    const [d, p] = reserveAlerts(
      report(
        { issuancePaused: true },
        {
          deficit: (27n * e18).toString(),
          backing: (973n * e18).toString(),
          circulating: (1000n * e18).toString(),
        },
      ),
    );
    expect([d?.code, p?.code]).toEqual(["DEFICIT", "PAUSED"]);
    expect(d?.text).toContain("27 TET less");
    expect(d?.text).toContain("IssuanceHalted");
    expect(d?.text).toContain("97.3 % of par");
  });
});

describe("amounts and spans", () => {
  it("formats and parses base units exactly", () => {
    expect(formatUnits("123456789", 6)).toBe("123.456789");
    expect(formatUnits("100000", 2)).toBe("1,000");
    expect(formatUnits("5", 2)).toBe("0.05");
    expect(parseUnits("12.5", 2)).toBe(1250n);
    expect(parseUnits("0,05", 2)).toBe(5n);
    expect(parseUnits("1.234", 2)).toBeUndefined();
    expect(parseUnits("-1", 2)).toBeUndefined();
    expect(parseUnits("1e3", 2)).toBeUndefined();
    expect([duration(45), duration(600), duration(3_660), duration(200_000)]).toEqual([
      "45 s",
      "10 min",
      "1 h 1 min",
      "2 d 7 h",
    ]);
    expect([percent(1n, 3n), percent(1n, 0n)]).toEqual(["33.3 %", "—"]);
  });
});
