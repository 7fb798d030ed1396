import { Resvg } from "@resvg/resvg-js";

/** Dots per inch of the PNG label: a thermal label printer's 300 dpi (90 mm → 1,063 px). */
export const LABEL_DPI = 300;

/**
 * The label as a PNG (the SVG rasterised by resvg at `dpi`, white background), for printers and
 * tools that take images. Text uses the system's fonts (DejaVu on Debian: `fonts-dejavu-core`).
 */
export function labelPng(svg: string, dpi = LABEL_DPI): Uint8Array {
  const widthMm = Number(/width="([\d.]+)mm"/.exec(svg)?.[1] ?? 90);
  const r = new Resvg(svg, {
    fitTo: { mode: "width", value: Math.round((widthMm / 25.4) * dpi) },
    background: "#ffffff",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
  });
  return new Uint8Array(r.render().asPng());
}
