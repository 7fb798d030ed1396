/**
 * The four precedence relations of the precedence diagramming method, as in MS Project and
 * Primavera P6, each with a lag (negative: a lead) in time units:
 * FS — the successor starts `lag` after the predecessor finishes (the default);
 * SS — it starts `lag` after the predecessor starts;
 * FF — it finishes `lag` after the predecessor finishes;
 * SF — it finishes `lag` after the predecessor starts.
 * Their codes 0–3 are what the plan tree and the chain use.
 */
export const LINK_TYPES = ["FS", "SS", "FF", "SF"] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export const FS = 0;
export const SS = 1;
export const FF = 2;
export const SF = 3;

/** The code (0–3) of a link type; an absent type is FS. */
export function linkCode(type: LinkType | undefined): number {
  return type === undefined ? FS : LINK_TYPES.indexOf(type);
}
