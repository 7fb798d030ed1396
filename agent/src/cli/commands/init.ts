import { readFileSync, writeFileSync } from "node:fs";
import { objectIdFromGenesis, objectIdToText } from "@tet/schemas/device";
import { renderConfig } from "../../config/index.js";
import { type AgentCommand, parseOptions, UsageError } from "../cliIo.js";

/**
 * `tet-agent init`: writes a commented configuration file. The object id comes from `--object` or,
 * for an avatar created with this device's key in its genesis, from `--genesis FILE` (the id is the
 * genesis's hash, and the agent then checks its enrolment offline).
 */
export const init: AgentCommand = {
  name: "init",
  summary: "write a commented configuration file",
  usage:
    "init (--object ID | --genesis FILE) --log-key DID [--key device.pem] [--broker URL] [--protocol 4|5] [--out tet-agent.toml]",
  async run(args, io) {
    const o = parseOptions(args, [
      "object",
      "genesis",
      "log-key",
      "key",
      "broker",
      "protocol",
      "out",
      "data",
    ]);
    const genesisPath = o.get("genesis");
    let objectId = o.get("object");
    if (genesisPath) {
      const id = objectIdToText(objectIdFromGenesis(new Uint8Array(readFileSync(genesisPath))));
      if (objectId && objectId !== id)
        throw new UsageError(`--object ${objectId} is not the genesis's object ${id}`);
      objectId = id;
    }
    if (!objectId) throw new UsageError("--object or --genesis is required");
    const logKey = o.get("log-key");
    if (!logKey)
      throw new UsageError("--log-key is required (the backend's log did:key, which signs receipts)");
    const protocol = Number(o.get("protocol") ?? 4);
    if (protocol !== 4 && protocol !== 5) throw new UsageError("--protocol is 4 or 5");
    const out = o.get("out") ?? "tet-agent.toml";
    const text = renderConfig({
      objectId,
      logKey,
      keyPath: o.get("key") ?? "device.pem",
      protocol,
      ...(o.has("broker") ? { brokerUrl: o.get("broker")! } : {}),
      ...(genesisPath ? { genesisPath } : {}),
      ...(o.has("data") ? { dataDir: o.get("data")! } : {}),
    });
    try {
      writeFileSync(out, text, { flag: "wx" });
    } catch (e) {
      throw new UsageError(`cannot write ${out}: ${(e as Error).message}`);
    }
    io.stdout(`${out}\n`);
    return 0;
  },
};
