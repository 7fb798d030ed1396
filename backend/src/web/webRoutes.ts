import { type Context, Hono } from "hono";
// biome-ignore lint/correctness/noPrivateImports: the API composes these web routes (createApi), so importing the API's index here would be an import cycle; the web UI belongs under the API folder or both on a shared HTTP context folder.
import { type ApiContext, type ApiEnv, objectParam } from "../api/apiContext.js";
import { reservePage, walletPage } from "./economyPages.js";
import { labelPng } from "./labelPng.js";
import { labelSvg } from "./labelSvg.js";
import { CSS } from "./layout.js";
import { listPage, passportPage } from "./pages.js";
import { webScript } from "./webScript.js";

/**
 * The web pages: `/` (list and search), `/o/{id}` (a passport), `/reserve` (proof of reserves), `/wallet`, `/o/{id}/label.svg` and `.png` (its
 * printable label), `/assets/app.js` (the script) and
 * `/assets/app.css` (the styles; nothing inline, so the Content-Security-Policy forbids inline code).
 */
export function webRoutes(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", (c) => c.html(listPage()));
  app.get("/reserve", (c) => c.html(reservePage()));
  app.get("/wallet", (c) => c.html(walletPage()));
  app.get("/favicon.ico", (c) => c.body(null, 204));
  const log = { publicKey: ctx.ledger.logKey, origin: ctx.origin };
  app.get("/o/:id", async (c) => c.html(passportPage(await objectParam(c, ctx), log)));
  // The label names the origin it was asked from: print it from the address people will scan.
  const label = async (c: Context<ApiEnv>) => labelSvg(await objectParam(c, ctx), new URL(c.req.url).origin);
  app.get("/o/:id/label.svg", async (c) =>
    c.body(await label(c), 200, { "content-type": "image/svg+xml; charset=utf-8" }),
  );
  app.get("/o/:id/label.png", async (c) =>
    c.body(labelPng(await label(c)) as Uint8Array<ArrayBuffer>, 200, { "content-type": "image/png" }),
  );
  app.get("/assets/app.css", (c) =>
    c.body(CSS, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "no-cache" }),
  );
  for (const file of ["app.js", "wallet.js"] as const)
    app.get(`/assets/${file}`, async (c) =>
      c.body(await webScript(file), 200, {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": "no-cache",
      }),
    );
  return app;
}
