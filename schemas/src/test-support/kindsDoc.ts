import { CDDL_PRELUDE, cddl, signStatement, statementToJson } from "../statements/index.js";
import { exampleList } from "./examples.js";
import { planDoc } from "./planDoc.js";

const SUMMARY: Record<string, string> = {
  genesis:
    "Creates an avatar; signed by its first owner. The object id is the first 16 bytes of SHA-256 over these signed bytes.",
  state:
    "Sensor readings (SenML-style value and unit per name); signed by a device key; part of the device hash chain.",
  usage:
    "Metered usage in a session (quantity since the previous usage statement of the session); device key; hash chain.",
  gap: "The agent's signed note that it dropped telemetry because its outbox was full; device key; hash chain.",
  "command-result":
    "A device's answer to a command (SHA-256 of the command's bytes); device key; hash chain.",
  connect: "An MQTT login (the password): fresh, single use, device key. Never stored in the log.",
  event: "Maintenance, inspection, repair, installation or a note; the owner or a delegate.",
  document: "A document's SHA-256, media type and location; the owner or the manufacturer.",
  warranty:
    "A warranty's life — issue, claim, accept, reject, void; an issuer the owner accepts (claims: the owner; an unaccepted one may be voided by the owner). Chained: version 2 names the previous authority statement in `prev`.",
  transfer:
    "Ownership passes to `to`; signed by the current owner. Chained: version 2 names the previous authority statement in `prev`.",
  key: "Binds or unbinds a device key, a delegate's key or a warranty issuer's key; the owner. Chained (version 2, `prev`).",
  relation: "Part of, or located in, another object; the owner. Chained (version 2, `prev`).",
  command: "An instruction to the device, unique by `id`, bounded by `expires`; the owner or a delegate.",
  tariff: "Price per unit of usage in TET base units (10⁻¹⁸ TET), paid to `payout`; the provider.",
  receipt:
    "The backend's acknowledgement: device statements up to `seq` are in the log, `hash` the SHA-256 of `seq`'s bytes; the log key.",
  rating: "A payer's 1–5 rating after a settled session; the payer.",
  prune: "A retention-collector run: which payloads were dropped (leaf hashes stay); the log key.",
  service:
    "A service of the avatar: name, version, interfaces provided and required (npm ranges; needs, after or optional), its /64 prefix (address = prefix ‖ first 64 bits of SHA-256(\"tet-service-address\" ‖ obj ‖ name); `avatar` is at the avatar's own address), port (default 80), health check and command; `replaces` chains it to the service's previous manifest; the owner.",
};

/** The statement-kinds section of schemas/README.md, generated from the codecs and the examples. */
export function kindsDoc(): string {
  const parts = [`Shared rules:\n\n\`\`\`cddl\n${CDDL_PRELUDE}\n\`\`\``];
  for (const [kind, statement, signer] of exampleList()) {
    const size = signStatement(statement, signer).length;
    parts.push(
      `### \`${kind}\`\n\n${SUMMARY[kind]}\n\n\`\`\`cddl\n${cddl(kind)}\n\`\`\`\n\nExample (the JSON form \`tet sign\` reads; ${size} bytes signed):\n\n\`\`\`json\n${JSON.stringify(statementToJson(statement), null, 2)}\n\`\`\``,
    );
  }
  parts.push(planDoc()); // not in KINDS yet (see the section)
  return parts.join("\n\n");
}
