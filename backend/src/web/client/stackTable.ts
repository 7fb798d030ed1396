import { esc } from "./passportView.js";

/**
 * A table with a header row (or one muted line when it has no rows) whose cells carry their column's
 * name in `data-label`: on a phone (the `table.stack` rules in the stylesheet) each row becomes a block
 * of labelled lines, so a wide table never scrolls sideways or squeezes words into letters.
 */
export function stackTable(head: string[], body: string[][], empty: string): string {
  if (body.length === 0) return `<tbody><tr><td class="muted">${esc(empty)}</td></tr></tbody>`;
  const th = head.map((h) => `<th scope="col">${esc(h)}</th>`).join("");
  const tr = (r: string[]) =>
    `<tr>${r.map((c, i) => `<td data-label="${esc(head[i] ?? "")}">${c}</td>`).join("")}</tr>`;
  return `<thead><tr>${th}</tr></thead><tbody>${body.map(tr).join("")}</tbody>`;
}
