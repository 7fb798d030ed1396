import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AGENT_OPTIONS } from "@tet/agent";
import { afterAll, describe, expect, it } from "vitest";

// agent/deploy/tet-agent.service: read with a small unit-file parser (sections, repeated keys), and
// with `systemd-analyze verify` where systemd is installed, which must print no warning at all.
const root = new URL("../../../", import.meta.url).pathname;
const text = readFileSync(join(root, "agent/deploy/tet-agent.service"), "utf8");
const dir = mkdtempSync(join(tmpdir(), "tet-unit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Section → key → every value given (systemd keys may repeat). */
function parseUnit(unit: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let section: Record<string, string[]> | undefined;
  unit.split("\n").forEach((line, i) => {
    const l = line.trim();
    if (l === "" || l.startsWith("#") || l.startsWith(";")) return;
    const header = /^\[(\w+)\]$/.exec(l);
    if (header) {
      section = out[header[1] as string] = {};
      return;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(l);
    if (!kv || !section) throw new Error(`line ${i + 1}: not a key=value in a section: ${l}`);
    const key = kv[1] as string;
    section[key] = [...(section[key] ?? []), kv[2] as string];
  });
  return out;
}

const unit = parseUnit(text);
/** The node flags bin/tet-agent.js's shebang gives: the unit and the image run node the same way. */
export const SHEBANG_FLAGS = (
  /^#!\/usr\/bin\/env -S node (.*)$/m.exec(readFileSync(join(root, "agent/bin/tet-agent.js"), "utf8"))?.[1] ??
  ""
).split(" ");
const service = unit.Service ?? {};
const one = (key: string) => service[key]?.at(-1);

describe("agent/deploy/tet-agent.service", () => {
  it("runs tet-agent from its install folder, with the config and the key as a credential", () => {
    const exec = (one("ExecStart") ?? "").split(" ");
    const script = exec.findIndex((a) => a.endsWith(".js"));
    expect(exec[0]).toBe("/usr/bin/node");
    expect(exec[script]).toBe("/opt/tet-agent/agent/bin/tet-agent.js");
    expect(existsSync(join(root, "agent/bin/tet-agent.js"))).toBe(true);
    expect(exec.slice(script + 1)).toEqual(["run", "--config", "/etc/tet-agent/tet-agent.toml"]);
    expect(exec.slice(1, script)).toEqual(SHEBANG_FLAGS);
    expect(one("LoadCredential")).toBe("device.pem:/etc/tet-agent/device.pem");
    const env = (service.Environment ?? []).map((e) => e.split("=")[0] as string);
    const known = new Set(["NODE_ENV", ...AGENT_OPTIONS.map((o) => o.env)]);
    for (const name of env) expect(known.has(name), `${name} is an agent option`).toBe(true);
  });

  it("is hardened: no fixed root user, a read-only system, its own state directory, restarts on failure", () => {
    expect(one("DynamicUser") === "yes" || (one("User") ?? "root") !== "root").toBe(true);
    expect(one("ProtectSystem")).toBe("strict");
    expect(one("StateDirectory")).toBe("tet-agent");
    expect(one("NoNewPrivileges")).toBe("yes");
    expect(one("CapabilityBoundingSet")).toBe("");
    expect(one("Restart")).toBe("on-failure");
    expect(one("RestartPreventExitStatus")?.split(" ")).toEqual(["2", "3"]);
    expect(unit.Install?.WantedBy).toEqual(["multi-user.target"]);
  });

  const analyze = spawnSync("sh", ["-c", "command -v systemd-analyze"]).status === 0;
  it.skipIf(!analyze)("passes systemd-analyze verify without a warning", () => {
    // The node of this machine stands in for /usr/bin/node (verify checks the program exists).
    const copy = join(dir, "tet-agent.service");
    writeFileSync(copy, text.replace("ExecStart=/usr/bin/node", `ExecStart=${process.execPath}`));
    const r = spawnSync("systemd-analyze", ["verify", "--man=no", copy], { encoding: "utf8" });
    expect(`${r.stdout}${r.stderr}`.trim(), "systemd-analyze's warnings").toBe("");
    expect(r.status).toBe(0);
  });
});
