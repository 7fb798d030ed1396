import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BACKEND_OPTIONS, CONFIG_FILE } from "@tet/backend";
import { describe, expect, it } from "vitest";
import { type Schema, validateSchema } from "./jsonSchemaSubset.js";
import { parseYamlSubset, type Yaml } from "./parseYamlSubset.js";

// docker/compose.yaml checked without a container engine: against the Compose Specification's JSON
// schema (vendored in docker/schema/), and against this repository — images, files, the variables
// the backend really reads, ports, volumes, the Mosquitto listeners the workers use.
const root = new URL("../../../", import.meta.url).pathname;
const docker = join(root, "docker");
const read = (f: string) => readFileSync(join(docker, f), "utf8");
const schema = JSON.parse(read("schema/compose-spec.json")) as Schema;
const compose = parseYamlSubset(read("compose.yaml")) as unknown as {
  services: Record<string, Service>;
  volumes: Record<string, Yaml>;
};
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  entrypoint?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}
const services = Object.entries(compose.services);
const backendEnv = new Set([CONFIG_FILE.env, ...BACKEND_OPTIONS.map((o) => o.env)]);
/** Services that run `tet-backend serve`: the backend image with its own entrypoint. */
const servers = services.filter(([, s]) => s.image?.startsWith("tet-avatars/backend:") && !s.entrypoint);

describe("docker/compose.yaml", () => {
  it("is valid against the Compose Specification schema", () => {
    expect(validateSchema(compose, schema)).toEqual([]);
  });

  it("has two backend workers on one shared subscription and one leased PostgreSQL ledger", () => {
    expect(servers.map(([n]) => n)).toEqual(["worker-1", "worker-2"]);
    const envs = servers.map(([, s]) => s.environment ?? {});
    expect(new Set(envs.map((e) => e.TET_WORKER_ID)).size).toBe(2);
    for (const e of envs)
      expect(e).toMatchObject({ TET_LEASE: "true", TET_MQTT_URL: "mqtt://mosquitto:1884" });
    expect(new Set(envs.map((e) => e.TET_PG)).size).toBe(1);
    expect(envs.filter((e) => e.TET_WATCH_SUBSCRIPTIONS === "true")).toHaveLength(1);
  });

  it("sets only environment variables the backend reads", () => {
    for (const [name, s] of servers)
      for (const key of Object.keys(s.environment ?? {}))
        expect(backendEnv.has(key), `${name}: ${key} is not a tet-backend option`).toBe(true);
  });

  it("names images that exist or are built here, pinned (no latest)", () => {
    const built = new Set(services.filter(([, s]) => s.build).map(([, s]) => s.image));
    for (const [name, s] of services) {
      expect(s.image ?? s.build, `${name} has an image or a build`).toBeDefined();
      if (s.image) {
        expect(s.image, name).toMatch(/^[\w./-]+:[\w.-]+$/);
        expect(s.image).not.toMatch(/:latest$/);
        if (s.image.startsWith("tet-avatars/")) expect(built.has(s.image), `${s.image} is built`).toBe(true);
      }
      if (s.build) {
        expect(existsSync(join(docker, s.build.context)), `${name} build context`).toBe(true);
        expect(existsSync(join(docker, s.build.context, s.build.dockerfile)), `${name} Dockerfile`).toBe(
          true,
        );
      }
    }
  });

  it("mounts files that exist and volumes that are declared; depends only on its own services", () => {
    for (const [name, s] of services) {
      for (const v of s.volumes ?? []) {
        const [source = ""] = v.split(":");
        if (source.startsWith(".") || source.startsWith("/"))
          expect(existsSync(join(docker, source)), `${name} mounts ${source}`).toBe(true);
        else expect(Object.keys(compose.volumes), `${name} uses volume ${source}`).toContain(source);
      }
      for (const dep of Object.keys(s.depends_on ?? {})) expect(Object.keys(compose.services)).toContain(dep);
    }
  });

  it("publishes valid, distinct host ports, the workers' HTTP port where they listen", () => {
    const hostPorts: string[] = [];
    for (const [name, s] of services)
      for (const p of s.ports ?? []) {
        const parts = p.split(":");
        const [host, target] = parts.slice(-2).map(Number) as [number, number];
        for (const n of [host, target])
          expect(Number.isInteger(n) && n > 0 && n < 65_536, `${name} ${p}`).toBe(true);
        hostPorts.push(parts.slice(0, -1).join(":"));
        if (servers.some(([n]) => n === name))
          expect(target, `${name} listens on TET_HTTP_PORT`).toBe(
            Number(s.environment?.TET_HTTP_PORT ?? 8080),
          );
      }
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it("takes every interpolated variable from docker/example.env or gives it a default", () => {
    const defined = new Set(
      read("example.env")
        .split("\n")
        .map((l) => /^#?\s*([A-Z_][A-Z0-9_]*)=/.exec(l)?.[1])
        .filter((x) => x !== undefined),
    );
    for (const m of read("compose.yaml").matchAll(/(?<!\$)\$\{([A-Z_][A-Z0-9_]*)(:?[-?][^}]*)?\}/g)) {
      const [, name, rest] = m;
      if (rest?.startsWith(":-") || rest?.startsWith("-")) continue;
      expect(defined.has(name as string), `${name} in example.env`).toBe(true);
    }
  });

  it("gives Mosquitto a mutual-TLS listener for devices and a password listener for the workers, no queue limit", () => {
    const conf = read("mosquitto/mosquitto.conf");
    expect(conf).toMatch(/^per_listener_settings true$/m);
    const devices = conf.slice(conf.indexOf("listener 8883"), conf.indexOf("listener 1884"));
    for (const line of [
      "require_certificate true",
      "use_identity_as_username true",
      "use_username_as_clientid true",
      "cafile /mosquitto/certs/ca.pem",
      "crlfile /mosquitto/certs/crl.pem",
    ])
      expect(devices).toContain(line);
    expect(conf).not.toMatch(/^allow_anonymous true$/m);
    expect(compose.services.mosquitto?.ports).toEqual([expect.stringMatching(/^"?8883:8883/)]);
    // The CRL the broker reads is the one worker 1 writes, on a volume both mount.
    const worker = compose.services["worker-1"];
    expect(worker?.environment?.TET_DEVICE_CA_CRL).toBe("/certs/crl.pem");
    expect(worker?.volumes).toContain("certs:/certs");
    expect(compose.services.mosquitto?.volumes).toContain("certs:/mosquitto/certs:ro");
    expect(conf).toMatch(/^listener 1884\nallow_anonymous false\npassword_file /m);
    expect(conf).toMatch(/^max_queued_messages 0$/m);
    expect(conf).toMatch(/^log_type subscribe$/m);
    expect(read("mosquitto/backend.acl")).toContain("topic read tet/v1/o/+/up");
    expect(read("mosquitto/devices.acl")).toContain("pattern write tet/v1/o/%u/up");
    expect(compose.services.mosquitto?.image).toMatch(/^eclipse-mosquitto:2\./);
  });
});

describe("the YAML subset and the schema check", () => {
  it("catch a misspelt key, a wrong enum and a bad type", () => {
    const bad = parseYamlSubset(
      "services:\n  a:\n    image: x:1\n    restartt: always\n    depends_on:\n      b:\n        condition: started\n    ports: 80\n",
    );
    expect(validateSchema(bad, schema)).toEqual([
      "$.services.a.restartt: not allowed here",
      "$.services.a.depends_on: matches 0 of oneOf, not exactly one",
      "$.services.a.ports: integer where array is expected",
    ]);
  });

  it("reads anchors and merges, folded scalars, flow sequences, quotes and comments", () => {
    const y = parseYamlSubset(
      'x: &base\n  a: 1\n  b: "two # not a comment"\ny:\n  <<: *base\n  a: 3 # a comment\n  c:\n    ["p",\n     "q"]\n  d: >-\n    one\n    two\n  e:\n    - \'it\'\'s\'\n',
    );
    expect(y).toEqual({
      x: { a: 1, b: "two # not a comment" },
      y: { a: 3, b: "two # not a comment", c: ["p", "q"], d: "one two", e: ["it's"] },
    });
    expect(() => parseYamlSubset("a:\n  - b: 1\n")).toThrow("line 2: mappings inside sequences");
  });
});
