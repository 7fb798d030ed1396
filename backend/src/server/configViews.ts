import type { HttpLimits } from "../api/index.js";
import { type AdmissionPolicy, parseKeyList } from "../api/index.js";
import type { BackendConfig } from "./backendConfig.js";

/** The HTTP API's limits from the configuration. */
export function httpLimits(c: BackendConfig): HttpLimits {
  const { readsPerSecond, addressWritesPerSecond, writesPerSecond, genesisPerAddressPerHour } = c;
  const { genesisPerDay, objectStatementsPerDay, objectAuthorityPerDay } = c;
  return {
    readsPerSecond,
    addressWritesPerSecond,
    writesPerSecond,
    genesisPerAddressPerHour,
    genesisPerDay,
    objectStatementsPerDay,
    objectAuthorityPerDay,
  };
}

/** The admission policy from the configuration. */
export function admissionPolicy(c: BackendConfig): AdmissionPolicy {
  return {
    mode: c.admission,
    keys: parseKeyList(c.admissionKeys ?? ""),
    ...(c.admissionOperator !== undefined ? { operator: c.admissionOperator } : {}),
  };
}
