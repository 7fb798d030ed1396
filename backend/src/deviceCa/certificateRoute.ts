import { isObjectIdText } from "@tet/schemas";
import { nodeVerifier } from "@tet/schemas/node";
import { Hono } from "hono";
import { Counter, type Registry } from "prom-client";
import { NonceCache } from "../broker/index.js";
import { problemResponse } from "../errors/index.js";
import type { LedgerStore } from "../ledger/index.js";
import { coseBody, describeRoute, mediaResponse, objectPath, problems } from "../openapi/index.js";
import { checkCertificateRequest, MAX_REQUEST_BYTES } from "./checkCertificateRequest.js";
import type { DeviceCa } from "./deviceCa.js";
import { DeviceCaError, isDeviceCaError } from "./deviceCaError.js";

/** What the enrolment route needs: the CA, the ledger's store (bound keys), metrics and a log. */
export interface CertificateRouteOptions {
  ca: DeviceCa;
  store: Pick<LedgerStore, "projections">;
  registry?: Registry;
  log: (line: string) => void;
  now?: () => number;
}

/** RFC 8555 §9.1: a PEM certificate chain, the end-entity certificate first. */
export const PEM_CHAIN = "application/pem-certificate-chain";

/**
 * `POST /v1/objects/{id}/device-certificate` (body: a signed `connect` statement, application/cose):
 * answers the device's client certificate followed by the CA certificate. The certificate is for the
 * key that signed the request, once `checkCertificateRequest` found it bound to the object in the
 * ledger. Refusals are RFC 9457 problems with a stable code, counted and logged once.
 */
export function certificateRoute(o: CertificateRouteOptions): Hono {
  const now = o.now ?? Date.now;
  const nonces = new NonceCache({ ttlMs: 120_000 });
  const registers = o.registry ? [o.registry] : [];
  const issued = new Counter({
    name: "tet_device_ca_issued_total",
    help: "device certificates issued",
    registers,
  });
  const refused = new Counter({
    name: "tet_device_ca_refused_total",
    help: "certificate requests refused, by code",
    labelNames: ["code"],
    registers,
  });
  const app = new Hono();
  app.post(
    "/v1/objects/:id/device-certificate",
    describeRoute({
      summary: "Enrol a device for mutual TLS: its client certificate and the CA certificate",
      description:
        "The body is a fresh signed `connect` statement (COSE_Sign1, at most 1,024 bytes) by a key bound to the object in the ledger; the answer is the certificate for that key followed by the CA certificate (RFC 8555 §9.1). Served when the device CA is configured (`device_ca`).",
      parameters: objectPath,
      requestBody: coseBody,
      responses: {
        "200": mediaResponse("the certificate chain, the device's first", PEM_CHAIN),
        ...problems(400, 401, 403, 413, 503),
      },
    }),
    async (c) => {
      const id = c.req.param("id");
      try {
        if (!isObjectIdText(id)) throw new DeviceCaError("CA_MALFORMED", "the URL names no object id");
        if (Number(c.req.header("content-length") ?? 0) > MAX_REQUEST_BYTES)
          throw new DeviceCaError("CA_TOO_LARGE");
        const body = new Uint8Array(await c.req.arrayBuffer());
        const key = await checkCertificateRequest(id, body, {
          verifier: nodeVerifier,
          projections: (obj) => o.store.projections(obj),
          nonces,
          now,
        });
        issued.inc();
        return c.body(o.ca.deviceCertificate(id, key) + o.ca.certificatePem, 200, {
          "content-type": PEM_CHAIN,
        });
      } catch (e) {
        if (!isDeviceCaError(e)) throw e;
        refused.inc({ code: e.code });
        o.log(`device-ca: refused a certificate request for ${id.slice(0, 26)}: ${e.code}`);
        return problemResponse(e);
      }
    },
  );
  return app;
}
