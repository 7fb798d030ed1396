import { AGENT_CONFIG_ENV, loadConfig } from "../../config/index.js";
import { loadDrivers } from "../../drivers/index.js";
import { isAgentError } from "../../errors.js";
import { registerMeteringDrivers } from "../../metering/index.js";
import { Agent } from "../../runtime/index.js";
import { type AgentCommand, parseOptions } from "../cliIo.js";
import { checkDataDirectory, deviceSigner, StartupRefusal } from "../startupRefusal.js";

/**
 * `tet-agent run [--config FILE]`: runs the agent until SIGINT/SIGTERM. Exits 3, saying how to enrol,
 * when the avatar's authority chain does not bind this device's key; exits 2 with one line naming the
 * option when the key file is missing or damaged or the data directory cannot be written.
 */
export const run: AgentCommand = {
  name: "run",
  summary: "run the agent (until SIGINT or SIGTERM)",
  usage: "run [--config tet-agent.toml]",
  async run(args, io) {
    const config = loadConfig(
      parseOptions(args, ["config"]).get("config") ?? process.env[AGENT_CONFIG_ENV] ?? "tet-agent.toml",
      process.env,
    );
    let signer: ReturnType<typeof deviceSigner>;
    try {
      signer = deviceSigner(config);
      checkDataDirectory(config.dataDir);
    } catch (e) {
      if (!(e instanceof StartupRefusal)) throw e;
      io.stderr(`tet-agent run: cannot start: ${e.message}\n`);
      return 2;
    }
    registerMeteringDrivers();
    await loadDrivers(config.sensors.map((s) => s.driver)); // the firmware bridge only if configured
    let agent: Agent;
    try {
      agent = new Agent({ config, signer });
    } catch (e) {
      if (!isAgentError(e, "KEY_NOT_BOUND")) throw e;
      io.stderr(`tet-agent: ${e.message}\n`);
      return 3;
    }
    const stamp = () => new Date().toISOString();
    agent.on("log", (line) => io.stderr(`${stamp()} ${line}\n`));
    let exitCode = 0;
    const done = new Promise<void>((resolve) => {
      io.signal.addEventListener("abort", () => resolve(), { once: true });
      agent.once("fatal", (e) => {
        io.stderr(`tet-agent: ${e.message}\n`);
        exitCode = 3;
        resolve();
      });
    });
    agent.start();
    io.stderr(`${stamp()} tet-agent running: object ${config.objectId}, key ${agent.didKey}\n`);
    await done;
    await agent.stop();
    return exitCode;
  },
};
