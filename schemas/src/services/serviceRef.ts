import { objectIdToText } from "../ids/index.js";

/** A service, named by its avatar and its name on it: stable across versions and hosts. */
export interface ServiceRef {
  readonly obj: Uint8Array;
  readonly name: string;
}

/** The text form of a service: `{object id text}/{name}`, used in messages and as a map key. */
export function serviceKey(ref: ServiceRef): string {
  return `${objectIdToText(ref.obj)}/${ref.name}`;
}

/** The canonical order of services: object id bytes, then name (code units). Locks list services in it. */
export function compareRefs(a: ServiceRef, b: ServiceRef): number {
  for (let i = 0; i < 16; i++) {
    const d = (a.obj[i] ?? 0) - (b.obj[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Code-unit order of strings, independent of the locale: requirements are taken in it. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
