import QRCode from "qrcode";
import type { ObjectSummary } from "../api/index.js";
import { esc } from "./layout.js";

/** The label's size in millimetres: fits 90 × 40 mm address labels (and prints on A4 as it is). */
export const LABEL_MM = { w: 90, h: 40 } as const;
const QR_MM = 36;
const SANS = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";
const MONO = "DejaVu Sans Mono, Liberation Mono, Menlo, Consolas, monospace";

/**
 * The passport's URL as a label carries it, in the style of a GS1 Digital Link (GS1 Digital Link
 * standard 1.2 §4, URI syntax): `{base}/01/{gtin}/21/{serial}` when the object has a GTIN and a
 * serial (AI 01 and AI 21, the serial percent-encoded), else `{base}/o/{id}`. Both resolve to it.
 */
export function passportUrl(
  base: string,
  o: Pick<ObjectSummary, "id" | "serial"> & { gtin?: string },
): string {
  const origin = base.replace(/\/+$/, "");
  if (o.gtin && o.serial) return `${origin}/01/${o.gtin}/21/${encodeURIComponent(o.serial)}`;
  return `${origin}/o/${o.id}`;
}

/** Words of `text` on at most `lines` lines of `width` characters, the last one cut with an ellipsis. */
function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if ([...next].length <= width) line = next;
    else {
      if (line) out.push(line);
      line = word;
    }
  }
  if (line) out.push(line);
  const kept = out
    .slice(0, lines)
    .map((l) => ([...l].length > width ? `${[...l].slice(0, width - 1).join("")}…` : l));
  if (out.length > lines)
    kept[lines - 1] = `${[...(kept[lines - 1] as string)].slice(0, width - 1).join("")}…`;
  return kept;
}

/**
 * A printable label for an avatar (pure): a QR code of the passport's URL (error correction M, the
 * 4-module quiet zone of ISO/IEC 18004 §5.3.8), the object's name, class and model, its id and the
 * URL in text — SVG in millimetres, black on white, nothing external (fonts by family name).
 */
export function labelSvg(o: ObjectSummary & { gtin?: string }, base: string): string {
  const url = passportUrl(base, o);
  const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const m = QR_MM / (n + 8); // module size, quiet zone of 4 on each side
  let path = "";
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) path += `M${c + 4} ${r + 4}h1v1h-1z`;
  const name = wrap(o.name ?? o.class, 22, 2);
  const detail = [o.model, o.class].filter(Boolean).join(" · ");
  const x = QR_MM + 3;
  const text = (y: number, size: number, s: string, extra = "") =>
    `<text x="${x}" y="${y}" font-size="${size}"${extra}>${esc(s)}</text>`;
  const shown = url.replace(/^https?:\/\//, "");
  const lines = [
    text(6.5, 2.6, "TET Avatars · passport", ' fill="#333"'),
    ...name.map((l, i) => text(11.5 + i * 4.8, 4.2, l, ' font-weight="bold"')),
    text(
      12 + name.length * 4.8,
      2.6,
      [...detail].length > 34 ? `${[...detail].slice(0, 33).join("")}…` : detail,
    ),
    text(25.5, 2.9, o.id.slice(0, 13), ` font-family="${MONO}"`),
    text(29.2, 2.9, o.id.slice(13), ` font-family="${MONO}"`),
    ...[0, 1].map((i) => text(34 + i * 2.8, 2.1, shown.slice(i * 38, (i + 1) * 38), ' fill="#333"')),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_MM.w}mm" height="${LABEL_MM.h}mm" viewBox="0 0 ${LABEL_MM.w} ${LABEL_MM.h}" role="img" aria-label="${esc(`Passport label: ${o.name ?? o.class}, ${url}`)}" data-url="${esc(url)}">
<rect width="${LABEL_MM.w}" height="${LABEL_MM.h}" fill="#fff"/><rect x="0.25" y="0.25" width="${LABEL_MM.w - 0.5}" height="${LABEL_MM.h - 0.5}" rx="2" fill="none" stroke="#999" stroke-width="0.3" stroke-dasharray="1.2 1.2"/>
<g transform="translate(2 2) scale(${m.toFixed(5)})" fill="#000" shape-rendering="crispEdges"><path d="${path}"/></g>
<g font-family="${SANS}" fill="#000">${lines.join("")}</g>
</svg>
`;
}
