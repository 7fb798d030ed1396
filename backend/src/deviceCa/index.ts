// The device CA of external-broker mode (mutual TLS): X.509 client certificates for the Ed25519 keys
// the ledger binds to objects, issued on a signed request; a CRL that follows the ledger's key
// revocations; the broker's server certificate. DER and PEM are written here (pure), signed Ed25519.
export { buildCertificate, buildCrl, pem, type RevokedCertificate } from "./certificate.js";
export { type CertificateRouteOptions, certificateRoute, PEM_CHAIN } from "./certificateRoute.js";
export {
  type CertificateRequestContext,
  checkCertificateRequest,
  MAX_REQUEST_BYTES,
} from "./checkCertificateRequest.js";
export { CrlPublisher, type CrlPublisherOptions } from "./crlPublisher.js";
export { DEVICE_CA_NAME, DeviceCa } from "./deviceCa.js";
export {
  DEVICE_CA_ERROR_CODES,
  DeviceCaError,
  type DeviceCaErrorCode,
  isDeviceCaError,
} from "./deviceCaError.js";
