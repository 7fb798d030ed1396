import { readFileSync } from "node:fs";
import { decodeLock, lockToJson, serviceLockCodec } from "../services/index.js";
import { cddlRule } from "../statements/index.js";

/** The service-lock part of schemas/README.md: its CDDL from the codec, and the fixture lock as JSON. */
export function lockDoc(): string {
  const bytes = new Uint8Array(readFileSync(new URL("../../fixtures/v1/lock/lock.cbor", import.meta.url)));
  const json = JSON.stringify(lockToJson(decodeLock(bytes)), null, 2);
  return `\`\`\`cddl\n${cddlRule("service-lock", serviceLockCodec.spec)}\n\`\`\`\n\nThe lock of fixtures/v1/lock (the example \`meter\`, the charger's \`avatar\`, a remote \`clock\`; ${bytes.length} bytes), in its JSON form:\n\n\`\`\`json\n${json}\n\`\`\``;
}
