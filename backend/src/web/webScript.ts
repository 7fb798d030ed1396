import { fileURLToPath } from "node:url";

let bundled: Promise<string> | undefined;

/**
 * The browser script (`client/main.ts` and the pure bundle verifier it imports, with @tet/schemas),
 * bundled once per process with esbuild for the browser platform — which also proves it imports no
 * Node built-ins. From compiled `dist/`, the TypeScript sources in `src/` are bundled the same way.
 */
export function webScript(): Promise<string> {
  bundled ??= (async () => {
    const { build } = await import("esbuild");
    const here = fileURLToPath(new URL(".", import.meta.url));
    const entry = here.replace(/\/dist\/web\/$/, "/src/web/").concat("client/main.ts");
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      target: "es2022",
      minify: true,
      conditions: ["@tet/source"],
      legalComments: "none",
      logLevel: "silent",
    });
    return out.outputFiles[0]?.text ?? "";
  })();
  bundled.catch(() => {
    bundled = undefined;
  });
  return bundled;
}
