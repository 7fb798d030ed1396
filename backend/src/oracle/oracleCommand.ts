import { readFileSync } from "node:fs";
import { connect, type Deployment } from "@tet/contracts";
import { privateKeyToAccount } from "viem/accounts";
import type { Command } from "../commandLine/index.js";
import { parseArgs, UsageError } from "../commandLine/index.js";
import { createLogger, type LogLevel } from "../observability/index.js";
import { ConfigError, listenHttp, listOption, loadServiceOptions, readEvmKey } from "../server/index.js";
import { ORACLE_OPTIONS } from "./oracleOptions.js";
import { oracleRoutes } from "./oracleRoutes.js";
import { OracleService } from "./oracleService.js";
import { fileSource, httpSource, type RateSource } from "./rateSource.js";
import { simulatedSource } from "./simulatedSource.js";

const FLAGS = ["config", ...ORACLE_OPTIONS.map((o) => o.flag.slice(2))];

/** The deployment JSON an oracle or custodian is pointed at. */
export function readDeployment(file: string, option: string): Deployment {
  try {
    const d = JSON.parse(readFileSync(file, "utf8")) as Deployment;
    if (typeof d.reserve !== "string" || typeof d.chainId !== "number")
      throw new Error("no reserve or chainId");
    return d;
  } catch (e) {
    throw new ConfigError(option, `is not a deployment JSON (${(e as Error).message})`);
  }
}

function source(v: Map<string, unknown>): RateSource {
  const s = v.get("oracle_source") as string;
  const format = {
    ...(v.get("oracle_source_path") ? { path: v.get("oracle_source_path") as string } : {}),
    invert: v.get("oracle_source_invert") as boolean,
    timePath: v.get("oracle_source_time_path") as string,
  };
  if (s === "simulated") return simulatedSource({ seed: v.get("oracle_seed") as string });
  if (/^https?:\/\//.test(s)) return httpSource(s, format);
  return fileSource(s, format);
}

/**
 * `tet-backend oracle`: runs one oracle process — its own oracle keys (one file each), its rate source,
 * its peers — until SIGINT/SIGTERM, serving its signed quotes and status on `oracle_port`. Prints one
 * `{"ready":…}` JSON line on stdout; a configuration defect is one line naming the option, exit 2.
 */
export const oracleCommand: Command = {
  name: "oracle",
  summary: "run an oracle: sign rates from a source, collect peers' quotes, post their median",
  usage: `oracle [--config FILE] ${ORACLE_OPTIONS.map((o) => `[${o.flag} …]`).join(" ")}`,
  async run(args, io) {
    const { options, positional } = parseArgs(args, FLAGS);
    if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
    let service: OracleService;
    let port: number;
    let level: LogLevel;
    try {
      const v = loadServiceOptions({
        command: "oracle",
        specs: ORACLE_OPTIONS,
        env: process.env,
        flags: options,
      });
      for (const k of ["oracle_rpc", "oracle_deployment", "oracle_keys"])
        if (v.get(k) === undefined) throw new ConfigError(k, "is required");
      const keyFiles = listOption(v.get("oracle_keys"));
      const keys = keyFiles.map((f) => readEvmKey(f, "oracle_keys"));
      if (new Set(keys).size !== keys.length)
        throw new ConfigError("oracle_keys", "names the same key twice");
      const sender = v.get("oracle_sender_key")
        ? readEvmKey(v.get("oracle_sender_key") as string, "oracle_sender_key")
        : (keys[0] as `0x${string}`);
      const deployment = readDeployment(v.get("oracle_deployment") as string, "oracle_deployment");
      level = v.get("log_level") as LogLevel;
      const logger = createLogger({ level });
      const clients = await connect({ rpcUrl: v.get("oracle_rpc") as string, privateKey: sender });
      const funds = listOption(v.get("oracle_funds"));
      service = new OracleService({
        clients,
        deployment,
        signers: keys.map((k) => privateKeyToAccount(k)),
        source: source(v),
        ...(funds.length > 0 ? { currencies: funds } : {}),
        peers: listOption(v.get("oracle_peers")),
        intervalMs: v.get("oracle_interval_ms") as number,
        refreshPercent: v.get("oracle_refresh_percent") as number,
        deviationBps: v.get("oracle_deviation_bps") as number,
        warnPercent: v.get("oracle_warn_percent") as number,
        skewSeconds: v.get("oracle_skew_s") as number,
        post: v.get("oracle_post") as boolean,
        log: (lvl, msg) => logger[lvl]({ component: "oracle" }, msg.replace(/^oracle: /, "")),
      });
      port = v.get("oracle_port") as number;
    } catch (e) {
      if (!(e instanceof ConfigError) && (e as { code?: string }).code !== "TX_FAILED") throw e;
      io.stderr(`tet-backend oracle: configuration: ${(e as Error).message}\n`);
      return 2;
    }
    const http = await listenHttp(oracleRoutes(service), port);
    service.start();
    const signers = service.o.signers.map((s) => s.address);
    io.stdout(
      `${JSON.stringify({ ready: true, oracle: `http://[::1]:${http.port}`, signers, source: service.o.source.name })}\n`,
    );
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
    await service.stop();
    await http.close();
    return 0;
  },
};
