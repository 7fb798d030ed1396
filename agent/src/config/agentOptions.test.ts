import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { didKeyFromPublicKey, objectIdToText } from "@tet/schemas";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../cli/index.js";
import { isAgentError } from "../errors.js";
import { deviceSigner, OBJECT_ID } from "../test-support/index.js";
import { loadConfig, parseConfig, withEnvironment } from "./agentConfig.js";
import { AGENT_OPTIONS } from "./agentOptions.js";
import { parseToml } from "./parseToml.js";
import { renderConfig } from "./renderConfig.js";

const objectId = objectIdToText(OBJECT_ID);
const logKey = didKeyFromPublicKey(deviceSigner().publicKey);
const dir = mkdtempSync(join(tmpdir(), "tet-agent-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const written = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const base = renderConfig({ objectId, keyPath: "device.pem", logKey });
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (isAgentError(e, "CONFIG_INVALID")) return e.message;
    throw e;
  }
  throw new Error("no CONFIG_INVALID");
};

describe("the agent's options", () => {
  it("are exactly the keys init writes, each with an environment variable", () => {
    const t = parseToml(base);
    const written = ["agent", "broker", "outbox"].flatMap((table) =>
      Object.keys(t[table] as object).map((k) => `${table}.${k}`),
    );
    expect(written).toEqual(AGENT_OPTIONS.map((o) => `${o.table}.${o.key}`));
    expect(AGENT_OPTIONS.find((o) => o.key === "url")?.env).toBe("TET_AGENT_BROKER_URL");
    expect(AGENT_OPTIONS.find((o) => o.key === "data")?.env).toBe("TET_AGENT_DATA");
  });

  it("refuses unknown keys and tables by name", () => {
    expect(refusal(() => parseConfig(parseToml(base.replace("keepalive =", "keep_alive =")), "/"))).toBe(
      "the configuration file is invalid: broker.keep_alive is not an option",
    );
    expect(refusal(() => parseConfig(parseToml(`${base}\n[logging]\nlevel = 1\n`), "/"))).toMatch(
      /: logging is not a table of the agent's configuration/,
    );
  });

  it("takes TET_AGENT_* over the file, typed like the key, and checks them the same way", () => {
    const path = written("env.toml", base);
    const c = loadConfig(path, {
      TET_AGENT_BROKER_URL: "mqtts://broker.example:8883",
      TET_AGENT_OUTBOX_WINDOW: "8",
    });
    expect(c.broker.url).toBe("mqtts://broker.example:8883");
    expect(c.outbox.window).toBe(8);
    expect(refusal(() => withEnvironment({}, { TET_AGENT_BROKER_KEEPALIVE: "soon" }))).toBe(
      'the configuration file is invalid: TET_AGENT_BROKER_KEEPALIVE must be a number, got "soon"',
    );
    expect(refusal(() => loadConfig(path, { TET_AGENT_BROKER_URL: "http://broker.example" }))).toBe(
      'the configuration file is invalid: broker.url must be an mqtt:// or mqtts:// URL, got "http://broker.example"',
    );
  });

  it("tet-agent run exits 2 with one line naming the key", async () => {
    const path = written("bad.toml", base.replace("window = 64", 'window = "wide"'));
    let err = "";
    const code = await main(["run", "--config", path], {
      stdout: () => {},
      stderr: (s) => {
        err += s;
      },
      signal: new AbortController().signal,
    });
    expect(code).toBe(2);
    expect(err).toBe(
      "error CONFIG_INVALID: the configuration file is invalid: outbox.window must be a number ≥ 1\n",
    );
  });

  it("are documented: agent/README.md's table has each key with its variable", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const o of AGENT_OPTIONS) expect(readme).toContain(`| \`${o.table}.${o.key}\` | \`${o.env}\` |`);
  });
});
