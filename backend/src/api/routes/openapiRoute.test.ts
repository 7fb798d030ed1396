import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChainClients, Deployment } from "@tet/contracts";
import { generatePrivateKey } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { Registry } from "prom-client";
import { zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BillingService, billingRoutes } from "../../billing/index.js";
import { certificateRoute, DeviceCa } from "../../deviceCa/index.js";
import { economyRoutes } from "../../economy/index.js";
import { operationsRoutes } from "../../observability/index.js";
import type { OpenApiDocument } from "../../openapi/index.js";
import { createApi } from "../createApi.js";
import { openTestLedger } from "../fixture.js";

type Operation = {
  summary?: string;
  description?: string;
  parameters?: { in: string; name: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: unknown;
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
};
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

let fx: Awaited<ReturnType<typeof openTestLedger>>;
let billing: BillingService;
let dir: string;
let full: ReturnType<typeof createApi>;
let doc: Doc;
beforeAll(async () => {
  fx = await openTestLedger();
  dir = mkdtempSync(join(tmpdir(), "tet-openapi-"));
  // Every route family the server mounts on the API: operations, billing, the device CA. Listing
  // routes touches no chain, so billing gets none: a chain call here would throw and fail the test.
  billing = new BillingService({
    ledger: fx.ledger,
    chain: {} as ChainClients,
    deployment: { chainId: 31337, settlement: zeroAddress, token: zeroAddress },
    signer: nodeSigner(generatePrivateKey()),
  });
  full = createApi({
    ledger: fx.ledger,
    rateLimit: false,
    routes: [
      operationsRoutes({ registry: new Registry(), checks: {} }),
      billingRoutes({ billing }),
      // The economy as mounted when the chain is on; listing its routes reads no chain either.
      economyRoutes({
        clients: {} as ChainClients,
        deployment: { chainId: 31337, startBlock: 0 } as Deployment,
      }),
      certificateRoute({ ca: DeviceCa.open(join(dir, "ca")), store: fx.ledger.log.store, log: () => {} }),
    ],
  });
  doc = (await (await full.request("/v1/openapi.json")).json()) as Doc;
});
afterAll(async () => {
  await billing.close();
  await fx.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The web pages and their assets: for people, not the API, and so not in the document. */
const isPage = (path: string) =>
  ["/favicon.ico", "/reserve", "/wallet"].includes(path) || /^\/(o|assets)\//.test(path);

describe("the OpenAPI document, generated from the routes", () => {
  it("describes every route the app answers, and nothing it does not", () => {
    const served = new Set(
      full.routes
        .filter((r) => r.method !== "ALL" && !isPage(r.path))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
    );
    const described = new Set(
      Object.entries(doc.paths).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m} ${p}`)),
    );
    expect(
      [...served].filter((r) => !described.has(r)),
      "served, not described",
    ).toEqual([]);
    expect(
      [...described].filter((r) => !served.has(r)),
      "described, not served",
    ).toEqual([]);
    for (const r of [
      "post /v1/objects/{id}/vouchers",
      "post /v1/objects/{id}/device-certificate",
      "get /readyz",
      "get /v1/reserve",
      "post /v1/wallet/payments",
    ])
      expect(described).toContain(r);
    for (const [p, ms] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(ms)) expect(op.summary, `${m} ${p}`).toBeTruthy();
  });

  it("leaves the routes working: the billing key answers, an unknown route is a 404 problem", async () => {
    expect((await full.request("/v1/billing/key")).status).toBe(200);
    const res = await full.request("/v1/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND" });
  });

  it("describes only what is mounted: an API without billing lists no billing route", async () => {
    const bare = createApi({ ledger: fx.ledger, rateLimit: false, web: false });
    const d = (await (await bare.request("/v1/openapi.json")).json()) as Doc;
    expect(Object.keys(d.paths)).toContain("/v1/objects/{id}/bundle");
    expect(Object.keys(d.paths)).not.toContain("/v1/objects/{id}/vouchers");
  });

  it("keeps every operation and schema of the hand-kept document it replaced (fixtures/v1)", () => {
    const kept = JSON.parse(
      readFileSync(new URL("../../../fixtures/v1/openapi-hand-kept.json", import.meta.url), "utf8"),
    ) as Doc;
    for (const [p, ms] of Object.entries(kept.paths))
      for (const [m, old] of Object.entries(ms)) {
        const now = doc.paths[p]?.[m];
        const at = `${m} ${p}`;
        expect(now, at).toBeDefined();
        if (!now) continue;
        expect([now.summary, now.description], at).toEqual([old.summary, old.description]);
        expect(now.parameters?.map(parameter), at).toEqual(old.parameters?.map(parameter));
        expect(responses(now), at).toEqual(responses(old));
        expect(canonical(now.requestBody), at).toEqual(canonical(old.requestBody));
      }
    for (const [name, schema] of Object.entries(kept.components.schemas))
      expect(canonical(doc.components.schemas[name]), name).toEqual(canonical(schema));
  });

  it("is served at /v1/openapi.json and its operations listed at /v1/docs", async () => {
    const res = await full.request("/v1/openapi.json");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(((await res.json()) as OpenApiDocument).openapi).toBe("3.1.0");
    const page = await (await full.request("/v1/docs")).text();
    for (const p of ["/v1/objects/{id}/bundle", "/v1/objects/{id}/vouchers", "/readyz"])
      expect(page).toContain(p);
  });
});

/** A parameter as a client sees it; the schema's extra bounds (maxLength of q) are allowed. */
function parameter(p: NonNullable<Operation["parameters"]>[number]) {
  const s = (p.schema ?? {}) as { type?: string; pattern?: string };
  return {
    in: p.in,
    name: p.name,
    required: p.required ?? false,
    description: p.description,
    type: s.type,
    pattern: s.pattern,
  };
}

function responses(op: Operation) {
  return Object.fromEntries(
    Object.entries(op.responses).map(([status, r]) => [
      status,
      {
        description: r.description,
        content: Object.fromEntries(
          Object.entries(r.content ?? {}).map(([t, c]) => [t, canonical(c.schema)]),
        ),
      },
    ]),
  );
}

/**
 * A JSON Schema in one spelling of what it means: keys sorted, `required` as a set, and zod's
 * equivalent spellings folded — `items: {}` and `additionalProperties: {}` (anything), an empty
 * `properties`, a `type` beside a `const` or `enum` that implies it, the safe-integer bounds of an int.
 */
function canonical(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(canonical);
  if (typeof schema !== "object" || schema === null) return schema;
  const s: Record<string, unknown> = { ...schema };
  const empty = (v: unknown) => typeof v === "object" && v !== null && Object.keys(v).length === 0;
  for (const k of ["items", "additionalProperties", "properties"]) if (empty(s[k])) delete s[k];
  if ("const" in s || "enum" in s) delete s.type;
  if (Math.abs(Number(s.minimum)) === Number.MAX_SAFE_INTEGER) delete s.minimum;
  if (Math.abs(Number(s.maximum)) === Number.MAX_SAFE_INTEGER) delete s.maximum;
  if (Array.isArray(s.required)) s.required = [...s.required].sort();
  return Object.fromEntries(
    Object.keys(s)
      .sort()
      .map((k) => [k, canonical(s[k])]),
  );
}
