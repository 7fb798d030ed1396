import { AGENT_CONFIG_ENV, loadConfig } from "../../config/index.js";
import { type AgentStatus, readStatus } from "../../status/index.js";
import { type AgentCommand, parseOptions } from "../cliIo.js";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

// Down messages ignored because they did not verify: how many, by code, and the last one.
function ignoredLines(s: AgentStatus): string[] {
  const ig = s.ignored;
  if (!ig || ig.total === 0) return [];
  const codes = Object.entries(ig.byCode)
    .map(([code, n]) => `${code} ${n}`)
    .join(", ");
  const last = ig.last ? `; last ${ig.last.kind} ${Math.round((Date.now() - ig.last.at) / 1000)} s ago` : "";
  return [`ignored     ${ig.total} down message(s) that did not verify (${codes})${last}`];
}

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
        `outbox      ${ob.entries} entries (${ob.signed} signed, ${ob.drafts} waiting), ${ob.bytes} bytes; chain head seq ${ob.headSeq}${ob.held ? " (signing waits for the log's head from a receipt)" : ""}`,
        `dropped     ${ob.droppedTotal} telemetry statement(s) under the full policy`,
        `receipt     ${s.lastReceipt ? `seq ${s.lastReceipt.seq}, ${ago(s.lastReceipt.at)}` : "none yet"}`,
        ...ignoredLines(s),
        ...(s.lastRebase
          ? [
              `rebased     from seq ${s.lastRebase.from} onto the log's seq ${s.lastRebase.to} (${s.lastRebase.why}), ${ago(s.lastRebase.at)}`,
            ]
          : []),
        ...(s.outboxDamage ? [`damaged     outbox file kept in ${s.outboxDamage.kept}`] : []),
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
