import { Hono } from "hono";
import type { ApiEnv } from "../apiContext.js";
import { OPENAPI_DOCUMENT } from "../openapiDocument.js";

const DOCS_CSS =
  "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem}section{border-top:1px solid #ddd;padding:.5rem 0}.m{background:#246;color:#fff;padding:0 .4rem;border-radius:3px;font-size:.8em}code{word-break:break-all}";

const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The reference page: every operation with its parameters and responses, rendered on the server (no CDN). */
export function renderReference(): string {
  const ops = Object.entries(OPENAPI_DOCUMENT.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const o = op as {
        summary: string;
        description?: string;
        parameters?: { name: string; in: string; description: string; required?: boolean }[];
        responses: Record<string, { description: string }>;
      };
      const params = (o.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${esc(p.name)}</code> (${p.in}${p.required ? ", required" : ""}) — ${esc(p.description)}</li>`,
        )
        .join("");
      const responses = Object.entries(o.responses)
        .map(([code, r]) => `<li><code>${code}</code> ${esc(r.description)}</li>`)
        .join("");
      return `<section id="${esc(method + path)}"><h2><span class="m">${method.toUpperCase()}</span> <code>${esc(path)}</code></h2><p>${esc(o.summary)}</p>${o.description ? `<p>${esc(o.description)}</p>` : ""}${params ? `<h3>Parameters</h3><ul>${params}</ul>` : ""}<h3>Responses</h3><ul>${responses}</ul></section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(OPENAPI_DOCUMENT.info.title)}</title><link rel="stylesheet" href="/assets/docs.css"></head><body><h1>${esc(OPENAPI_DOCUMENT.info.title)}</h1><p>${esc(OPENAPI_DOCUMENT.info.description)}</p><p><a href="/v1/openapi.json">openapi.json</a> (OpenAPI ${OPENAPI_DOCUMENT.openapi})</p>${ops.join("")}</body></html>`;
}

/**
 * `GET /v1/openapi.json` (the OpenAPI 3.1 document), `GET /v1/docs` (its browsable reference) and
 * the reference's stylesheet (no inline styles under the Content-Security-Policy).
 */
export function openapiRoute(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/v1/openapi.json", (c) => c.json(OPENAPI_DOCUMENT));
  app.get("/v1/docs", (c) => c.html(renderReference()));
  app.get("/assets/docs.css", (c) => c.body(DOCS_CSS, 200, { "content-type": "text/css; charset=utf-8" }));
  return app;
}
