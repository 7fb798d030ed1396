import { readFile } from "node:fs/promises";

// `backend/dist/web/*.js` from `src/web/` (sources) and from `dist/web/` (compiled) alike.
const BUILT = (file: string) => new URL(`../../dist/web/${file}`, import.meta.url);
const loaded = new Map<string, Promise<string>>();

/**
 * The browser script (`client/main.ts` and the pure bundle verifier it imports, with @tet/schemas),
 * bundled for the browser platform by `npm run build` (the backend's `build:web`: esbuild, which also
 * proves it imports no Node built-ins) into `dist/web/app.js`, and read once per process. The wallet
 * page's script (`client/walletMain.ts`, with viem's local-key signer) is `wallet.js`.
 */
export function webScript(file: "app.js" | "wallet.js" = "app.js"): Promise<string> {
  let p = loaded.get(file);
  if (!p) {
    p = readFile(BUILT(file), "utf8").catch((e: unknown) => {
      loaded.delete(file);
      throw new Error(`the web script is not built (run npm run build): ${(e as Error).message}`, {
        cause: e,
      });
    });
    loaded.set(file, p);
  }
  return p;
}
