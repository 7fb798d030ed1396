import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { objectIdFromGenesis, objectIdFromText, objectIdToText, signStatement } from "@tet/schemas/device";
import { loadConfig, renderConfig } from "../../config/index.js";
import { loadSigner } from "../../keys/index.js";
import { enrolCertificate } from "../../link/index.js";
import { type AgentCommand, parseOptions, UsageError } from "../cliIo.js";

/**
 * `tet-agent init`: writes a commented configuration file. The object id comes from `--object` or,
 * for an avatar created with this device's key in its genesis, from `--genesis FILE` (the id is the
 * genesis's hash, and the agent then checks its enrolment offline). With `--enrol URL` (mutual TLS
 * on an external broker) it also obtains the device's client certificate from the backend's device
 * CA right away, by a request signed with the device key (or, with no key yet, at first connect).
 */
export const init: AgentCommand = {
  name: "init",
  summary: "write a commented configuration file",
  usage:
    "init (--object ID | --genesis FILE) --log-key DID [--key device.pem] [--broker URL] [--protocol 4|5] [--ca ca.pem] [--cert device.crt --enrol URL] [--out tet-agent.toml]",
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
      "ca",
      "cert",
      "enrol",
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
      ...(o.has("ca") ? { caPath: o.get("ca")! } : {}),
      ...(o.has("enrol") ? { certPath: o.get("cert") ?? "device.crt", enrolUrl: o.get("enrol")! } : {}),
    });
    if (o.has("cert") && !o.has("enrol"))
      throw new UsageError("--cert comes with --enrol URL (the backend that issues it)");
    try {
      writeFileSync(out, text, { flag: "wx" });
    } catch (e) {
      throw new UsageError(`cannot write ${out}: ${(e as Error).message}`);
    }
    io.stdout(`${out}\n`);
    const c = loadConfig(out);
    if (c.broker.enrolUrl && c.broker.certPath && existsSync(c.keyPath)) {
      const signer = loadSigner(c.keyPath);
      const obj = objectIdFromText(c.objectId);
      await enrolCertificate({
        url: c.broker.enrolUrl,
        objectId: c.objectId,
        request: signStatement(
          { v: 1, t: "connect", ts: Date.now(), obj, nonce: new Uint8Array(randomBytes(16)) },
          signer,
        ),
        publicKey: signer.publicKey,
        certPath: c.broker.certPath,
        caPath: c.broker.caPath,
      });
      io.stdout(`${c.broker.certPath}\n`);
    } else if (c.broker.enrolUrl)
      io.stderr(`no key at ${c.keyPath} yet: the certificate is fetched at first connect\n`);
    return 0;
  },
};
