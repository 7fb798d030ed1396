import { AGENT_CONFIG_ENV, loadConfig } from "../../config/index.js";
import { readStatus } from "../../status/index.js";
import { type AgentCommand, parseOptions } from "../cliIo.js";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** `tet-agent status`: the running agent's connection, outbox depth and last receipt (from its status file). */
export const status: AgentCommand = {
  name: "status",
  summary: "show connection, outbox depth and last receipt",
  usage: "status [--config tet-agent.toml] [--json true]",
  async run(args, io) {
    const o = parseOptions(args, ["config", "json"]);
    const config = loadConfig(
      o.get("config") ?? process.env[AGENT_CONFIG_ENV] ?? "tet-agent.toml",
      process.env,
    );
    const s = readStatus(config.dataDir);
    if (!s) {
      io.stderr(`no status in ${config.dataDir}: the agent has not run yet\n`);
      return 1;
    }
    const running = alive(s.pid);
    if (o.get("json") === "true") {
      io.stdout(`${JSON.stringify({ running, ...s })}\n`);
      return 0;
    }
    const ago = (t: number) => `${Math.round((Date.now() - t) / 1000)} s ago`;
    const ob = s.outbox;
    io.stdout(
      `${[
        `object      ${s.objectId}`,
        `agent       ${running ? `running (pid ${s.pid})` : "not running"}, status from ${ago(s.updatedAt)}`,
        `broker      ${s.broker}: ${running ? s.link : "offline"}`,
        `enrolment   ${s.enrolment}`,
        `outbox      ${ob.entries} entries (${ob.signed} signed, ${ob.drafts} waiting), ${ob.bytes} bytes; chain head seq ${ob.headSeq}`,
        `dropped     ${ob.droppedTotal} telemetry statement(s) under the full policy`,
        `receipt     ${s.lastReceipt ? `seq ${s.lastReceipt.seq}, ${ago(s.lastReceipt.at)}` : "none yet"}`,
        ...(s.lastRefusal
          ? [
              `refusal     ${s.lastRefusal.code}${s.lastRefusal.seq ? ` (seq ${s.lastRefusal.seq})` : ""}, ${ago(s.lastRefusal.at)}`,
            ]
          : []),
      ].join("\n")}\n`,
    );
    return 0;
  },
};
