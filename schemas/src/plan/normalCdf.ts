// W. J. Cody's rational Chebyshev approximations (Math. Comp. 23 (1969) 631–637), as in his
// SPECFUN routine ANORM (netlib, 1993) and R's pnorm: three intervals, each a ratio of polynomials. The
// literals are the nearest doubles to his 20-digit coefficients (the same values at run time).
const A = [
  2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745,
];
const B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
];
const D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
const P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934,
  0.000029112874951168793, 0.023073441764940174,
];
const Q = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 0.00007297515550839662,
];
const SQRT_1_2PI = 0.3989422804014327; // 1/√(2π)

/** exp(−y²/2) · r, with y² split so that its rounding error does not grow the result's (ANORM). */
function scaled(y: number, r: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5) * r;
}

/**
 * Φ(x), the standard normal distribution function, to full double precision in both tails
 * (relative error ≈ 1e-15; Φ(x) underflows to 0 below about −38.4): Cody's algorithm. Used for
 * the PERT probability of meeting a deadline.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= 0.66291) {
    const xsq = y > 1.11e-16 ? x * x : 0;
    let num = A[4]! * xsq;
    let den = xsq;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]!) * xsq;
      den = (den + B[i]!) * xsq;
    }
    return 0.5 + (x * (num + A[3]!)) / (den + B[3]!);
  }
  let tail: number; // Φ(−|x|)
  if (y <= Math.sqrt(32)) {
    let num = C[8]! * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]!) * y;
      den = (den + D[i]!) * y;
    }
    tail = scaled(y, (num + C[7]!) / (den + D[7]!));
  } else {
    const xsq = 1 / (x * x);
    let num = P[5]! * xsq;
    let den = xsq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]!) * xsq;
      den = (den + Q[i]!) * xsq;
    }
    tail = scaled(y, (SQRT_1_2PI - (xsq * (num + P[4]!)) / (den + Q[4]!)) / y);
  }
  return x > 0 ? 1 - tail : tail;
}
