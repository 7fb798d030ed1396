import { X509Certificate } from "node:crypto";
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { AgentError } from "../errors.js";

/** What a certificate request needs. */
export interface EnrolOptions {
  /** The backend's HTTP base URL, e.g. `https://avatars.example.org`. */
  url: string;
  objectId: string;
  /** A fresh signed `connect` statement: the request, signed by the device key. */
  request: Uint8Array;
  /** The device's public key: the certificate must be for it. */
  publicKey: Uint8Array;
  /** Where the client certificate goes. */
  certPath: string;
  /** Where the CA certificate goes, if that file does not exist yet (trust on first use). */
  caPath?: string | undefined;
  fetch?: typeof fetch;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\n?/g;

/**
 * Obtains this device's mutual-TLS client certificate from the backend's device CA: POSTs a signed
 * `connect` statement to `/v1/objects/{id}/device-certificate` and writes the answer (RFC 8555 §9.1
 * PEM chain: the device certificate, then the CA) once it checked that the certificate names the
 * object (subject CN) and certifies this device's own key — a wrong answer is refused, not stored.
 * The certificate is public; the key it certifies never leaves the device.
 */
export async function enrolCertificate(o: EnrolOptions): Promise<void> {
  const url = new URL(
    `v1/objects/${o.objectId}/device-certificate`,
    o.url.endsWith("/") ? o.url : `${o.url}/`,
  );
  let res: Response;
  try {
    res = await (o.fetch ?? fetch)(url, {
      method: "POST",
      headers: { "content-type": "application/cose" },
      body: Buffer.from(o.request),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (cause) {
    throw new AgentError("ENROL_FAILED", `${url.origin}: ${(cause as Error).message}`, { cause });
  }
  const text = await res.text();
  if (!res.ok)
    throw new AgentError("ENROL_FAILED", `${url.origin} answered ${res.status}: ${text.slice(0, 200)}`);
  const [cert, ca] = text.match(PEM_CERT) ?? [];
  if (!cert) throw new AgentError("ENROL_FAILED", "the answer holds no PEM certificate");
  const x = new X509Certificate(cert);
  const spki = new Uint8Array(x.publicKey.export({ format: "der", type: "spki" }));
  const key = spki.subarray(spki.length - 32);
  if (
    x.subject !== `CN=${o.objectId}` ||
    key.length !== o.publicKey.length ||
    key.some((b, i) => b !== o.publicKey[i])
  )
    throw new AgentError("ENROL_FAILED", `the certificate is not for this device (${x.subject})`);
  writeAtomically(o.certPath, cert);
  if (ca && o.caPath && !existsSync(o.caPath)) writeAtomically(o.caPath, ca);
}

function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text.endsWith("\n") ? text : `${text}\n`, { mode: 0o644 });
  renameSync(`${path}.tmp`, path);
}
