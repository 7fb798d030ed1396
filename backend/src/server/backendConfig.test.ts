import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { backendConfig, loadBackendConfig } from "./backendConfig.js";
import { BACKEND_OPTIONS } from "./backendOptions.js";
import { ConfigError } from "./configError.js";
import { serve } from "./serveCommand.js";

const dir = mkdtempSync(join(tmpdir(), "tet-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error("no ConfigError");
};

describe("backend configuration", () => {
  it("has embedded defaults for every option, the README's", () => {
    const c = loadBackendConfig({ env: {} });
    expect(c).toMatchObject({
      dataDir: "./data",
      httpPort: 8080,
      mqttPort: 1883,
      chain: "anvil",
      role: "all",
    });
    expect(c.pg).toBeUndefined();
    expect(Object.keys(c)).toHaveLength(BACKEND_OPTIONS.length);
  });

  it("layers defaults < file < environment < flags", () => {
    const path = file(
      "layers.toml",
      '# a comment\nhttp_port = 9000\nmqtt_port = 1884 # inline\norigin = "file/log"\n',
    );
    const env = { TET_CONFIG: path, TET_MQTT_PORT: "1885" };
    const c = loadBackendConfig({ env, flags: new Map([["origin", "flag/log"]]) });
    expect([c.httpPort, c.mqttPort, c.origin]).toEqual([9000, 1885, "flag/log"]);
    expect(loadBackendConfig({ env: {}, flags: new Map([["config", path]]) }).httpPort).toBe(9000);
  });

  it("refuses an unknown key in the file, naming it", () => {
    const path = file("unknown.toml", "htp_port = 8080\n");
    expect(refusal(() => loadBackendConfig({ env: { TET_CONFIG: path } }))).toBe(
      `${path}: htp_port is not an option of tet-backend`,
    );
  });

  it("refuses a wrong type in the file, the environment or a flag, naming where", () => {
    const path = file("type.toml", 'http_port = "eighty"\n');
    expect(refusal(() => loadBackendConfig({ env: { TET_CONFIG: path } }))).toMatch(
      /type\.toml: http_port must be a whole number 0–65,535, got "eighty"$/,
    );
    expect(refusal(() => loadBackendConfig({ env: { TET_MQTT_PORT: "70000" } }))).toMatch(
      /^TET_MQTT_PORT must be/,
    );
    expect(refusal(() => loadBackendConfig({ env: {}, flags: new Map([["lease", "maybe"]]) }))).toBe(
      '--lease must be true or false, got "maybe"',
    );
    expect(refusal(() => loadBackendConfig({ env: { TET_CHAIN: "ganache" } }))).toBe(
      'TET_CHAIN must be one of anvil, rpc, off, got "ganache"',
    );
  });

  it("refuses bad URLs and wrong schemes", () => {
    expect(refusal(() => loadBackendConfig({ env: { TET_PG: "not a url" } }))).toBe(
      'TET_PG is not a URL: "not a url"',
    );
    expect(refusal(() => loadBackendConfig({ env: { TET_PG: "mysql://db/tet" } }))).toBe(
      "TET_PG must be a postgres:// or postgresql:// URL, got mysql://",
    );
  });

  it("refuses a line that is not key = value, and options missing their companions", () => {
    const path = file("table.toml", "[server]\n");
    expect(refusal(() => loadBackendConfig({ env: { TET_CONFIG: path } }))).toMatch(
      /table\.toml:1: expected key = /,
    );
    expect(refusal(() => loadBackendConfig({ env: { TET_CHAIN: "rpc" } }))).toBe(
      "TET_CHAIN_RPC is required with chain = rpc",
    );
    expect(
      refusal(() => loadBackendConfig({ env: { TET_ROLE: "ingest", TET_PG: "postgres://db/tet" } })),
    ).toBe("TET_MQTT_URL is required with role = ingest");
    expect(refusal(() => backendConfig({}, { lease: true, mqttUrl: "mqtt://[::1]:1883" }))).toBe(
      "TET_PG is required with lease = true",
    );
    expect(refusal(() => loadBackendConfig({ env: { TET_CONFIG: join(dir, "absent.toml") } }))).toMatch(
      /^TET_CONFIG cannot be read: ENOENT/,
    );
  });

  it("refuses an admission policy it cannot apply, naming the option", () => {
    expect(refusal(() => loadBackendConfig({ env: { TET_ADMISSION: "allow-list" } }))).toBe(
      "admission_keys (--admission-keys, TET_ADMISSION_KEYS) is required with admission = allow-list",
    );
    expect(refusal(() => loadBackendConfig({ env: { TET_ADMISSION: "invite" } }))).toBe(
      "admission_operator (--admission-operator, TET_ADMISSION_OPERATOR) is required with admission = invite",
    );
    expect(refusal(() => loadBackendConfig({ env: { TET_ADMISSION_KEYS: "did:key:nope" } }))).toBe(
      'admission_keys (--admission-keys, TET_ADMISSION_KEYS) "did:key:nope" is not an Ed25519 did:key',
    );
    expect(refusal(() => loadBackendConfig({ env: { TET_ADMISSION: "closed" } }))).toBe(
      'TET_ADMISSION must be one of open, allow-list, invite, got "closed"',
    );
    const did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    const c = loadBackendConfig({
      env: { TET_ADMISSION: "allow-list", TET_ADMISSION_KEYS: `${did}, ${did}` },
    });
    expect([c.admission, c.genesisPerDay, c.objectAuthorityPerDay]).toEqual(["allow-list", 10_000, 100]);
  });

  it("tet-backend serve prints one line naming the key and exits 2", async () => {
    const path = file("serve.toml", "http_port = 8080\nmqtt_prot = 1883\n");
    let err = "";
    const code = await serve.run(["--config", path], {
      stdout: () => {},
      stderr: (s) => {
        err += s;
      },
      readStdin: async () => new Uint8Array(),
    });
    expect(code).toBe(2);
    expect(err).toBe(
      `tet-backend serve: configuration: ${path}: mqtt_prot is not an option of tet-backend\n`,
    );
  });

  it("is documented: the README's table has one row per option, with its flag and variable", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const rows = readme.split("\n").filter((l) => /^\| `[a-z_]+` \| `--/.test(l));
    expect(rows.map((r) => r.split("|")[1]?.trim())).toEqual(BACKEND_OPTIONS.map((o) => `\`${o.key}\``));
    for (const o of BACKEND_OPTIONS)
      expect(readme, o.key).toContain(`| \`${o.key}\` | \`${o.flag}\` | \`${o.env}\` |`);
  });
});
