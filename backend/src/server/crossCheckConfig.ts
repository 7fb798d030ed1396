import { MAX_STATEMENT_BYTES } from "@tet/schemas";
import { checkPolicy, PolicyError } from "../api/index.js";
import type { BackendConfig } from "./backendConfig.js";
import { ConfigError } from "./configError.js";
import { CONFIG_ENV, optionNames } from "./configFields.js";
import { admissionPolicy } from "./configViews.js";

/**
 * The checks that span options (a missing companion option, the log origin's syntax, an empty broker
 * password, the admission policy, the prefix, the packet size), run after every value was checked
 * alone; a defect throws a ConfigError naming the option.
 */
export function crossCheckConfig(c: BackendConfig): BackendConfig {
  const need = (when: string, key: keyof BackendConfig) => {
    if (c[key] === undefined) throw new ConfigError(CONFIG_ENV[key], `is required with ${when}`);
  };
  // C2SP tlog-checkpoint / signed-note: the origin is the note key name — non-empty, no Unicode
  // spaces, no plus sign — and the first line of every checkpoint (no control characters).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: exactly these are refused
  if (c.origin === "" || c.origin.length > 255 || /[\s+\u0000-\u001f\u007f]/u.test(c.origin))
    throw new ConfigError(
      optionNames("origin"),
      `must be one word of at most 255 characters without spaces or "+" (e.g. tet.example.org/log), got ${JSON.stringify(c.origin.slice(0, 80))}`,
    );
  // An empty secret is no secret: anyone could log in to the broker as the backend and read `#`.
  if (c.mqttPassword !== undefined && c.mqttPassword.trim() === "")
    throw new ConfigError(
      optionNames("mqttPassword"),
      "is empty: give the backend's broker password, or leave it unset to use the token in DATA/backend-token",
    );
  try {
    checkPolicy(admissionPolicy(c));
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    const field = ({ keys: "admissionKeys", operator: "admissionOperator", mode: "admission" } as const)[
      e.part
    ];
    throw new ConfigError(optionNames(field), e.message);
  }
  if (!/^[0-9a-fA-F:]+\/64$/.test(c.prefix))
    throw new ConfigError(CONFIG_ENV.prefix, `must be an IPv6 /64, got ${c.prefix}`);
  // A packet must hold a statement (16 KiB) and its topic; 0 is "no limit".
  if (c.mqttMaxPacket !== 0 && c.mqttMaxPacket < MAX_STATEMENT_BYTES + 256)
    throw new ConfigError(
      optionNames("mqttMaxPacket"),
      `must be 0 (no limit) or at least ${MAX_STATEMENT_BYTES + 256} (a statement and its topic), got ${c.mqttMaxPacket}`,
    );
  if (c.chain === "rpc")
    for (const k of ["chainRpc", "chainKey", "chainDeployment"] as const) need("chain = rpc", k);
  if (c.role === "ingest") need("role = ingest", "mqttUrl");
  if (c.deviceCa !== undefined) need("device_ca", "mqttUrl");
  if (c.lease) for (const k of ["mqttUrl", "pg"] as const) need("lease = true", k);
  return c;
}
