/**
 * An independent model of the whitepaper's reserve rules, in plain arithmetic with no chain and none of
 * the contract's code: the worked example's expected numbers come from here (and from the hand
 * computation in the README), and the contract must match them. Amounts are whole units as bigints
 * scaled by 10^18 for TET; rates are TET per whole currency unit (scaled the same way).
 */
export interface ModelFund {
  code: string;
  /** Whole currency units held, scaled by 10^18 (so fractions of a unit are representable). */
  held: bigint;
  rate: bigint;
  /** FX-risk buffer share of a deposit in basis points; never charged while the fund is the peg. */
  bufferBps: bigint;
  buffer: bigint;
}

export interface ModelState {
  peg: string;
  funds: ModelFund[];
  circulating: bigint;
  frozen: bigint;
  deficit: bigint;
}

const E18 = 10n ** 18n;
const fundValue = (f: ModelFund) => (f.held * f.rate) / E18;
const min = (a: bigint, b: bigint) => (a < b ? a : b);

export function newModel(peg: string): ModelState {
  return {
    peg,
    funds: [{ code: peg, held: 0n, rate: E18, bufferBps: 0n, buffer: 0n }],
    circulating: 0n,
    frozen: 0n,
    deficit: 0n,
  };
}

export function listModelFund(s: ModelState, code: string, rate: bigint, bufferBps = 0n): void {
  s.funds.push({ code, held: 0n, rate, bufferBps, buffer: 0n });
}

const fund = (s: ModelState, code: string) => {
  const f = s.funds.find((x) => x.code === code);
  if (!f) throw new Error(`model: no fund ${code}`);
  return f;
};

/** A purchase of `units` (scaled) of `code`: its value, less the FX-risk buffer while it is short. */
export function modelDeposit(
  s: ModelState,
  code: string,
  units: bigint,
): { issued: bigint; toBuffer: bigint } {
  const f = fund(s, code);
  const value = (units * f.rate) / E18;
  const bps = code === s.peg ? 0n : f.bufferBps;
  const target = ((fundValue(f) + value) * bps) / 10_000n;
  const want = (value * bps) / 10_000n;
  const toBuffer = f.buffer >= target ? 0n : min(want, target - f.buffer);
  f.held += units;
  f.buffer += toBuffer;
  s.frozen -= min(toBuffer, s.frozen); // a buffer is filled from the frozen pool first
  s.circulating += value - toBuffer;
  return { issued: value - toBuffer, toBuffer };
}

/** A new rate: a gain clears the deficit, then fills the fund's buffer; a loss empties buffers in turn. */
export function modelSetRate(s: ModelState, code: string, rate: bigint): void {
  const f = fund(s, code);
  const before = fundValue(f);
  f.rate = rate;
  const after = fundValue(f);
  if (after >= before) {
    let gain = after - before;
    const cleared = min(gain, s.deficit);
    s.deficit -= cleared;
    gain -= cleared;
    const fromFrozen = min(gain, s.frozen);
    s.frozen -= fromFrozen;
    f.buffer += gain;
    return;
  }
  let loss = before - after;
  for (const g of [f, ...s.funds.filter((x) => x !== f)]) {
    const take = min(g.buffer, loss);
    g.buffer -= take;
    s.frozen += take;
    loss -= take;
  }
  s.deficit += loss;
}

/** The peg moves to `code` at its rate: no value changes, 1 TET is now 1/rate of the new peg. */
export function modelSetPeg(s: ModelState, code: string): bigint {
  s.peg = code;
  return fund(s, code).rate;
}

/** The totals a row of the worked example shows. */
export function modelRow(s: ModelState) {
  const buffers = s.funds.reduce((a, f) => a + f.buffer, 0n);
  const backing = s.funds.reduce((a, f) => a + fundValue(f), 0n);
  return {
    circulating: s.circulating,
    buffers: Object.fromEntries(s.funds.map((f) => [f.code, f.buffer])),
    frozen: s.frozen,
    backing,
    shortfall: s.deficit,
    totalSupply: s.circulating + buffers + s.frozen,
  };
}
