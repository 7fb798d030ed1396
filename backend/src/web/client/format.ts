/** A reading as a state statement carries it: a value and a SenML/UCUM unit. */
export interface Reading {
  v: unknown;
  u?: string;
}

/**
 * UCUM unit codes (what statements carry, RFC 8428 §12.1 / UCUM) as people write them. Codes not in
 * the table are shown as they are: a UCUM code is still a readable unit.
 */
const UNITS: Record<string, string> = {
  Cel: "°C",
  "[degF]": "°F",
  K: "K",
  "%RH": "% RH",
  "%": "%",
  "/": "",
  "1": "",
  W: "W",
  kW: "kW",
  Wh: "Wh",
  kWh: "kWh",
  V: "V",
  A: "A",
  Hz: "Hz",
  "S/m": "S/m",
  "mS/cm": "mS/cm",
  "uS/cm": "µS/cm",
  "mg/L": "mg/L",
  ppm: "ppm",
  "[ppm]": "ppm",
  "[ppb]": "ppb",
  NTU: "NTU",
  "[pH]": "",
  lx: "lx",
  Pa: "Pa",
  hPa: "hPa",
  kPa: "kPa",
  m3: "m³",
  "m3/h": "m³/h",
  "L/min": "L/min",
  s: "s",
  min: "min",
  h: "h",
  d: "d",
  B: "B",
  dB: "dB",
  "m/s": "m/s",
  "ug/m3": "µg/m³",
};

/** A unit as people write it (`Cel` → `°C`); UCUM stays in the data. */
export function unitLabel(u: string | undefined): string {
  if (u === undefined) return "";
  return UNITS[u] ?? u;
}

const NAMES: Record<string, string> = {
  ph: "pH",
  co2: "CO₂",
  pm25: "PM2.5",
  pm10: "PM10",
  voc: "VOC",
  cpu_temperature: "CPU temperature",
  load1: "load (1 min)",
};

/** A reading's name as a label: `cpu_temperature` → `CPU temperature`, `ph` → `pH`. */
export function readingLabel(name: string): string {
  const known = NAMES[name.toLowerCase()];
  if (known) return known;
  const words = name.replace(/[_.-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Readings the agent reports about itself (`agent.outbox`…): device health, not the object's state. */
export const isHealthReading = (name: string): boolean => name.startsWith("agent.");

/** Decimal places beyond which a number's digits are floating-point noise from an unrounded sensor. */
const NOISE_DECIMALS = 6;

/**
 * The decimal places a signed number shows: the digits after the point of its shortest round-trip
 * form (a driver that rounded to its resolution of 0.01 signed a number with at most 2). A value
 * with more than 6 (an old, unrounded `28.400000000000002`) is read at 12 significant digits.
 */
export function decimalsOf(v: number): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return 0;
  const exact = decimalPlaces(String(v));
  if (exact <= NOISE_DECIMALS) return exact;
  return Math.min(NOISE_DECIMALS, decimalPlaces(String(Number(v.toPrecision(12)))));
}

function decimalPlaces(text: string): number {
  const m = /^-?\d*(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!m) return 0;
  return Math.max(0, (m[1]?.length ?? 0) - Number(m[2] ?? 0));
}

/** The resolution of a series in decimal places: the most any of its signed values shows. */
export function seriesDecimals(values: Iterable<number>): number {
  let d = 0;
  for (const v of values) d = Math.max(d, decimalsOf(v));
  return d;
}

/** A number at `decimals` places with the page's digit grouping (`1,000.036`). */
export function formatNumber(v: number, decimals: number): string {
  return new Intl.NumberFormat("en", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(v);
}

/**
 * A reading as the page shows it: the number at its resolution (`decimals`, default the value's
 * own), the unit as people write it, booleans as yes/no; text as it is.
 */
export function formatReading(r: Reading, decimals?: number): { value: string; unit: string } {
  const unit = unitLabel(r.u);
  if (typeof r.v === "number") return { value: formatNumber(r.v, decimals ?? decimalsOf(r.v)), unit };
  if (typeof r.v === "boolean") return { value: r.v ? "yes" : "no", unit };
  return { value: String(r.v), unit };
}

/** TET base units (10⁻¹⁸ TET, a decimal string) as TET with at most `places` decimals, trailing zeros cut. */
export function formatTet(base: string, places = 6): string {
  if (!/^\d+$/.test(base)) return base;
  const digits = base.padStart(19, "0");
  const whole = digits.slice(0, -18).replace(/^0+(?=\d)/, "");
  const frac = digits.slice(-18, -18 + places).replace(/0+$/, "");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${grouped}${frac ? `.${frac}` : ""} TET`;
}
