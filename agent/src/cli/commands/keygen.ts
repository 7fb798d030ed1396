import { createKeyFile } from "../../keys/index.js";
import { type AgentCommand, parseOptions } from "../cliIo.js";

/** `tet-agent keygen [--out device.pem]`: a new device key (PEM PKCS #8, 0600); prints its did:key and hex. */
export const keygen: AgentCommand = {
  name: "keygen",
  summary: "create the device's Ed25519 key; prints its did:key and raw hex",
  usage: "keygen [--out device.pem]",
  async run(args, io) {
    const out = parseOptions(args, ["out"]).get("out") ?? "device.pem";
    const { didKey, publicKey } = createKeyFile(out);
    io.stdout(`${didKey}\n`);
    io.stderr(`key written to ${out}; raw public key (for genesis deviceKeys or a key statement):\n`);
    io.stderr(`${Buffer.from(publicKey).toString("hex")}\n`);
    return 0;
  },
};
