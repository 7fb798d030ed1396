import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Hono } from "hono";
import { describeRoute, mediaResponse, type OpenApiDocument, openapiDocument } from "../../openapi/index.js";
import type { ApiEnv } from "../apiContext.js";

const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The files of Swagger UI the reference page loads, from the npm package (never a CDN). */
const SWAGGER_FILES: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};
const swaggerDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const loaded = new Map<string, Promise<Buffer>>();

/**
 * Swagger UI's start: the document from `/v1/openapi.json`, "Try it out"
 * on this origin. A file of its own, because the Content-Security-Policy allows no inline script.
 */
const INIT_JS = `window.ui = SwaggerUIBundle({
  url: "/v1/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: false, // its deep links are anchors inside the summary button (axe: nested-interactive)
  defaultModelsExpandDepth: 0,
  displayRequestDuration: true,
  tryItOutEnabled: false,
  validatorUrl: "none",
});
`;

/** The operations as plain HTML, for readers without script (inside `<noscript>`). */
function plainList(doc: OpenApiDocument): string {
  return Object.entries(doc.paths)
    .flatMap(([path, item]) =>
      Object.entries(item ?? {}).map(
        ([method, op]) =>
          `<li><code>${method.toUpperCase()} ${esc(path)}</code> — ${esc(summaryOf(op))}</li>`,
      ),
    )
    .join("");
}

const summaryOf = (op: unknown): string =>
  typeof op === "object" && op !== null && "summary" in op && typeof op.summary === "string"
    ? op.summary
    : "";

/**
 * The reference page: Swagger UI (npm `swagger-ui-dist`, served from this backend) rendering the
 * OpenAPI document — operations, parameters, schemas, examples and "Try it out" — with the list of
 * operations in `<noscript>` for readers without script.
 */
export function renderReference(doc: OpenApiDocument): string {
  const title = esc(doc.info.title);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><link rel="stylesheet" href="/assets/swagger-ui/swagger-ui.css"><link rel="stylesheet" href="/assets/docs.css"></head><body><header><a href="/">TET Avatars</a> · <a href="/v1/openapi.json">openapi.json</a></header><main id="swagger-ui"><noscript><h1>${title}</h1><ul>${plainList(doc)}</ul></noscript></main><script src="/assets/swagger-ui/swagger-ui-bundle.js"></script><script src="/assets/swagger-ui/init.js"></script></body></html>`;
}

/**
 * The page frame, and Swagger UI's colours where its text falls below WCAG 2.1 AA contrast (1.4.3,
 * 4.5:1) on its method badges, version stamps and links — what axe-core finds in 5.35.0.
 */
const DOCS_CSS = [
  "body{margin:0}header{background:#12263f;color:#fff;padding:.6rem 1rem;font:600 16px/1.5 system-ui,sans-serif}header a{color:#fff}main{max-width:76rem;margin:0 auto}",
  ".swagger-ui .opblock.opblock-get .opblock-summary-method{background:#1f5fa8}",
  ".swagger-ui .opblock.opblock-post .opblock-summary-method{background:#137333}",
  ".swagger-ui .opblock.opblock-put .opblock-summary-method{background:#8a4b00}",
  ".swagger-ui .opblock.opblock-delete .opblock-summary-method{background:#b3261e}",
  ".swagger-ui .info .title small{background:#4a5260}.swagger-ui .info .title small.version-stamp{background:#3d6b00}",
  ".swagger-ui .info a,.swagger-ui .info .url,.swagger-ui a.nostyle{color:#1f5fa8}",
].join("");

/**
 * `GET /v1/openapi.json` (the OpenAPI 3.1 document of `served`, the app this is mounted in, generated
 * from its routes on first request, when every route is mounted), `GET /v1/docs` (the interactive
 * reference) and the reference's assets: Swagger UI's bundle and stylesheet from the npm package, its
 * start script and a stylesheet — all from this origin, so the page works under the
 * Content-Security-Policy.
 */
export function openapiRoute(served: () => Hono<ApiEnv>): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  let doc: Promise<OpenApiDocument> | undefined;
  const document = () => {
    doc ??= openapiDocument(served());
    return doc;
  };
  app.get(
    "/v1/openapi.json",
    describeRoute({
      summary: "This document (OpenAPI 3.1)",
      responses: { "200": mediaResponse("the document", "application/json") },
    }),
    async (c) => c.json(await document()),
  );
  app.get(
    "/v1/docs",
    describeRoute({
      summary: "The interactive reference of this document (Swagger UI)",
      responses: { "200": mediaResponse("the page", "text/html") },
    }),
    async (c) => c.html(renderReference(await document())),
  );
  app.get("/assets/docs.css", (c) => c.body(DOCS_CSS, 200, { "content-type": "text/css; charset=utf-8" }));
  app.get("/assets/swagger-ui/init.js", (c) =>
    c.body(INIT_JS, 200, { "content-type": "text/javascript; charset=utf-8" }),
  );
  app.get("/assets/swagger-ui/:file", async (c) => {
    const file = c.req.param("file");
    if (!Object.hasOwn(SWAGGER_FILES, file)) return c.notFound(); // a fixed list: no path, no prototype keys
    const type = SWAGGER_FILES[file] as string;
    let bytes = loaded.get(file);
    if (!bytes) {
      bytes = readFile(join(swaggerDir, file));
      loaded.set(file, bytes);
    }
    return c.body(new Uint8Array(await bytes), 200, {
      "content-type": type,
      "cache-control": "public, max-age=86400",
    });
  });
  return app;
}
