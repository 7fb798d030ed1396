import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "@tet/contracts";
import { privateKeyToAccount } from "viem/accounts";
import type { Command } from "../commandLine/index.js";
import { parseArgs, UsageError } from "../commandLine/index.js";
import { createLogger, type LogLevel } from "../observability/index.js";
import { readDeployment } from "../oracle/index.js";
import { ConfigError, listenHttp, listOption, loadServiceOptions, readEvmKey } from "../server/index.js";
import { csvPayoutWriter } from "./csvPayoutWriter.js";
import { CUSTODIAN_OPTIONS } from "./custodianOptions.js";
import { custodianRoutes } from "./custodianRoutes.js";
import { CustodianService } from "./custodianService.js";
import { CustodianStore } from "./custodianStore.js";
import { withFault } from "./withFault.js";

const FLAGS = ["config", ...CUSTODIAN_OPTIONS.map((o) => o.flag.slice(2))];

function readSecret(file: string): string {
  let s: string;
  try {
    s = readFileSync(file, "utf8").trim();
  } catch (e) {
    throw new ConfigError("custodian_webhook_secret", `cannot be read: ${(e as Error).message}`);
  }
  if (s.length < 16)
    throw new ConfigError("custodian_webhook_secret", `${file} holds fewer than 16 characters`);
  return s;
}

/**
 * `tet-backend custodian`: runs one custodian process — its own custodian keys (one file each), its
 * statement inbox and webhook, its peers, its payout queue and journal in its data directory — until
 * SIGINT/SIGTERM. Prints one `{"ready":…}` JSON line on stdout; a configuration defect is one line
 * naming the option, exit 2.
 */
export const custodianCommand: Command = {
  name: "custodian",
  summary: "run a custodian: attest bank deposits M-of-N, queue and pay redemptions, keep a signed journal",
  usage: `custodian [--config FILE] ${CUSTODIAN_OPTIONS.map((o) => `[${o.flag} …]`).join(" ")}`,
  async run(args, io) {
    const { options, positional } = parseArgs(args, FLAGS);
    if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
    let service: CustodianService;
    let port: number;
    let secret: string | undefined;
    try {
      const v = loadServiceOptions({
        command: "custodian",
        specs: CUSTODIAN_OPTIONS,
        env: process.env,
        flags: options,
      });
      for (const k of ["custodian_rpc", "custodian_deployment", "custodian_keys"])
        if (v.get(k) === undefined) throw new ConfigError(k, "is required");
      const keys = listOption(v.get("custodian_keys")).map((f) => readEvmKey(f, "custodian_keys"));
      if (new Set(keys).size !== keys.length)
        throw new ConfigError("custodian_keys", "names the same key twice");
      const sender = v.get("custodian_sender_key")
        ? readEvmKey(v.get("custodian_sender_key") as string, "custodian_sender_key")
        : (keys[0] as `0x${string}`);
      const deployment = readDeployment(v.get("custodian_deployment") as string, "custodian_deployment");
      if (typeof deployment.custodianBoard !== "string")
        throw new ConfigError("custodian_deployment", "names no custodianBoard");
      const logger = createLogger({ level: v.get("log_level") as LogLevel });
      const data = v.get("custodian_data") as string;
      mkdirSync(data, { recursive: true });
      const signers = keys.map((k) => privateKeyToAccount(k));
      const store = new CustodianStore(join(data, "custodian.db"), signers[0] as (typeof signers)[number]);
      const clients = await connect({ rpcUrl: v.get("custodian_rpc") as string, privateKey: sender });
      const payoutDir = (v.get("custodian_payout_dir") as string | undefined) ?? join(data, "payout-orders");
      const adapter = withFault(csvPayoutWriter(payoutDir), process.env.TET_CUSTODIAN_FAULT);
      if (v.get("custodian_webhook_secret")) secret = readSecret(v.get("custodian_webhook_secret") as string);
      const inbox = v.get("custodian_inbox") as string | undefined;
      const beneficiaries = v.get("custodian_beneficiaries") as string | undefined;
      service = new CustodianService({
        clients,
        deployment,
        signers,
        store,
        ...(inbox ? { inbox } : {}),
        ...(beneficiaries ? { beneficiaries } : {}),
        ...(v.get("custodian_pay") ? { adapter } : {}),
        peers: listOption(v.get("custodian_peers")),
        submit: v.get("custodian_submit") as boolean,
        confirmations: v.get("custodian_confirmations") as number,
        intervalMs: v.get("custodian_interval_ms") as number,
        payoutBatch: v.get("custodian_payout_batch") as number,
        log: (lvl, msg) => logger[lvl]({ component: "custodian" }, msg.replace(/^custodian: /, "")),
      });
      port = v.get("custodian_port") as number;
    } catch (e) {
      if (!(e instanceof ConfigError) && (e as { code?: string }).code !== "TX_FAILED") throw e;
      io.stderr(`tet-backend custodian: configuration: ${(e as Error).message}\n`);
      return 2;
    }
    const defect = await service.checkJournal();
    const http = await listenHttp(custodianRoutes(service, secret ? { webhookSecret: secret } : {}), port);
    service.start();
    const signers = service.o.signers.map((s) => s.address);
    io.stdout(
      `${JSON.stringify({ ready: true, custodian: `http://[::1]:${http.port}`, signers, journal: service.o.store.head().seq, ...(defect ? { journalDefect: defect } : {}) })}\n`,
    );
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
    await service.stop();
    await http.close();
    service.o.store.close();
    return 0;
  },
};
