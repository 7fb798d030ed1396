export { backoffDelay } from "./backoff.js";
export { type BrokerAddress, parseBrokerUrl } from "./brokerUrl.js";
export { type EnrolOptions, enrolCertificate } from "./enrolCertificate.js";
export { Link, type LinkEvents, type LinkOptions, type LinkState } from "./link.js";
