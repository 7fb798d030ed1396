import { readFile } from "node:fs/promises";

// `backend/dist/web/app.js` from `src/web/` (sources) and from `dist/web/` (compiled) alike.
const BUILT = new URL("../../dist/web/app.js", import.meta.url);
let loaded: Promise<string> | undefined;

/**
 * The browser script (`client/main.ts` and the pure bundle verifier it imports, with @tet/schemas),
 * bundled for the browser platform by `npm run build` (the backend's `build:web`: esbuild, which also
 * proves it imports no Node built-ins) into `dist/web/app.js`, and read once per process.
 */
export function webScript(): Promise<string> {
  loaded ??= readFile(BUILT, "utf8").catch((e: unknown) => {
    loaded = undefined;
    throw new Error(`the web script is not built (run npm run build): ${(e as Error).message}`, { cause: e });
  });
  return loaded;
}
