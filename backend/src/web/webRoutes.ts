import { Hono } from "hono";
import { type ApiContext, type ApiEnv, objectParam } from "../api/apiContext.js";
import { CSS } from "./layout.js";
import { listPage, passportPage } from "./pages.js";
import { webScript } from "./webScript.js";

/**
 * The web pages: `/` (list and search), `/o/{id}` (a passport), `/assets/app.js` (the script) and
 * `/assets/app.css` (the styles; nothing inline, so the Content-Security-Policy forbids inline code).
 */
export function webRoutes(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", (c) => c.html(listPage()));
  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.get("/o/:id", async (c) => c.html(passportPage(await objectParam(c, ctx))));
  app.get("/assets/app.css", (c) =>
    c.body(CSS, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "no-cache" }),
  );
  app.get("/assets/app.js", async (c) =>
    c.body(await webScript(), 200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "no-cache",
    }),
  );
  return app;
}
