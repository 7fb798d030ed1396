import { didKeyFromPublicKey, objectIdToText } from "@tet/schemas";
import { describe, expect, it } from "vitest";
import { isAgentError } from "../errors.js";
import { deviceSigner, OBJECT_ID } from "../test-support/index.js";
import { parseConfig } from "./agentConfig.js";
import { parseToml } from "./parseToml.js";
import { renderConfig } from "./renderConfig.js";

const objectId = objectIdToText(OBJECT_ID);
const logKey = didKeyFromPublicKey(deviceSigner().publicKey);

describe("parseToml", () => {
  it("reads tables, arrays of tables, strings with escapes, numbers, booleans, arrays and comments", () => {
    const t = parseToml(`# top
a = "x # not a comment \\" \\u00e9\\n"  # a comment
n = 1_000
f = -2.5e1
b = true
list = ["a", 2, false]
[t]
k = "v"
[[s]]
x = 1
[[s]]
x = 2
`);
    expect(t).toEqual({
      a: 'x # not a comment " é\n',
      n: 1000,
      f: -25,
      b: true,
      list: ["a", 2, false],
      t: { k: "v" },
      s: [{ x: 1 }, { x: 2 }],
    });
  });

  it.each([
    ["a = ", "bad value"],
    ['a = "open', "unterminated"],
    ["a = 1\na = 2", "defined twice"],
    ["[t]\n[t]", "defined twice"],
    ["a b = 1", "bad key"],
    ["a = [1 2]", "expected , or ]"],
    ["a = 1 2", "unexpected"],
    ["[[t]", "unbalanced"],
  ])("refuses %j with the line and reason", (text, why) => {
    expect(() => parseToml(text)).toThrow(why);
  });
});

describe("configuration", () => {
  it("parses what init writes, with defaults and paths resolved against the file's folder", () => {
    const c = parseConfig(parseToml(renderConfig({ objectId, keyPath: "device.pem", logKey })), "/etc/tet");
    expect(c).toMatchObject({
      objectId,
      keyPath: "/etc/tet/device.pem",
      dataDir: "/etc/tet/tet-agent-data",
      genesisPath: undefined,
      broker: { url: "mqtt://[::1]:1883", protocol: 4, logKey, caPath: undefined, backoffMax: 60 },
      outbox: { maxBytes: 4194304, policy: "drop-oldest", window: 64 },
    });
    expect(c.sensors).toEqual([{ driver: "climate", interval: 10, heartbeat: 300, options: { seed: 1 } }]);
  });

  it.each([
    ['[agent]\nobject = "nope"', "agent.object"],
    [`[agent]\nobject = "${objectId}"`, "broker.log_key is missing"],
    [`[agent]\nobject = "${objectId}"\n[broker]\nlog_key = "${logKey}"\nprotocol = 3`, "broker.protocol"],
    [
      `[agent]\nobject = "${objectId}"\n[broker]\nlog_key = "${logKey}"\n[outbox]\nwhen_full = "x"`,
      "when_full",
    ],
    [`[agent]\nobject = "${objectId}"\n[broker]\nlog_key = "${logKey}"\nurl = "http://x"`, "broker.url"],
    [`[agent]\nobject = "${objectId}"\n[broker]\nlog_key = "${logKey}"\n[[sensor]]\ninterval = 1`, "driver"],
  ])("refuses %j naming %s", (text, key) => {
    try {
      parseConfig(parseToml(text), "/");
      expect.unreachable();
    } catch (e) {
      expect(isAgentError(e, "CONFIG_INVALID")).toBe(true);
      expect((e as Error).message).toContain(key);
    }
  });
});
