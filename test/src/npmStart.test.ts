import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { until } from "./support/index.js";

// `npm start` is `npm run build && node scripts/start.mjs`; `npm test` has built already, so this runs
// the script itself on free ports and a fresh data directory, as a user would after `npm ci`.
const root = new URL("../../", import.meta.url).pathname;
const data = mkdtempSync(join(tmpdir(), "tet-npm-start-"));
afterAll(() => rmSync(data, { recursive: true, force: true }));
const DEVICES = ["desk-1", "pool-1", "charger-1"];

interface System {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startSystem(): System {
  let out = "";
  const child = spawn(process.execPath, [join(root, "scripts/start.mjs")], {
    cwd: root,
    // The demo story has its own test (demoStory.test.ts); here only the system and its restart.
    env: {
      ...process.env,
      TET_DATA: data,
      TET_HTTP_PORT: "0",
      TET_MQTT_PORT: "0",
      TET_WS_PORT: "0",
      TET_DEMO_STORY: "off",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (c) => {
    out += c;
  });
  child.stderr?.on("data", (c) => {
    out += c;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Waits for the banner; returns the API URL and the devices' object ids by name. */
async function banner(system: System): Promise<{ api: string; ids: Map<string, string>; text: string }> {
  await until(() => system.output().includes("Press Ctrl-C to stop."), "the start banner", {
    ms: 90_000,
    everyMs: 200,
  }).catch((e) => {
    throw new Error(`${(e as Error).message}; npm start printed:\n${system.output().slice(-3000)}`);
  });
  const text = system.output();
  const api = /web UI and API\s+(\S+)/.exec(text)?.[1] ?? "";
  const ids = new Map(
    [...text.matchAll(/^\s+(desk-1|pool-1|charger-1)\s+([a-z2-7]{26})/gm)].map(
      (m) => [m[1], m[2]] as [string, string],
    ),
  );
  return { api, ids, text };
}

async function stateSeq(api: string, id: string): Promise<number> {
  const p = (await (await fetch(`${api}/v1/objects/${id}`)).json()) as { state?: { seq?: number } };
  return p.state?.seq ?? 0;
}

/** The object's history as `index:kind:seq` lines, oldest first. */
async function history(api: string, id: string): Promise<string[]> {
  const r = await fetch(`${api}/v1/objects/${id}/history?limit=1000`);
  const body = (await r.json()) as { items: { index: number; kind: string; seq?: number }[] };
  return body.items.map((e) => `${e.index}:${e.kind}:${e.seq ?? "-"}`);
}

async function stop(system: System): Promise<void> {
  system.child.kill("SIGINT");
  const code = await system.exited;
  expect(code, `npm start's exit after SIGINT; it printed:\n${system.output().slice(-2000)}`).toBe(0);
  expect(system.output()).toContain("stopped.");
}

describe("npm start", () => {
  const first = new Map<string, { seq: number; history: string[] }>();

  it("runs the backend and three demo devices whose signed state reaches their passports, and stops cleanly on SIGINT", {
    timeout: 180_000,
  }, async () => {
    const system = startSystem();
    try {
      const { api, ids, text } = await banner(system);
      expect(api).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect([...ids.keys()]).toEqual(DEVICES);
      expect(text).toMatch(/MQTT\s+mqtt:\/\/\[::1\]:\d+/);
      expect(text).toMatch(/log key\s+did:key:z6Mk/);
      for (const [name, id] of ids) {
        await until(async () => (await stateSeq(api, id)) >= 1, `signed state of ${name} in its passport`, {
          ms: 60_000,
          everyMs: 250,
        });
      }
      const pool = (await (await fetch(`${api}/v1/objects/${ids.get("pool-1")}`)).json()) as {
        state?: { readings?: Record<string, unknown> };
      };
      expect(Object.keys(pool.state?.readings ?? {})).toEqual(
        expect.arrayContaining([
          "temperature",
          "ph",
          "chlorine",
          "turbidity",
          "conductivity",
          "agent.outbox",
        ]),
      );
      const page = await fetch(`${api}/o/${ids.get("desk-1")}`, { headers: { accept: "text/html" } });
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
      const ready = await fetch(`${api}/readyz`);
      expect(await ready.json()).toMatchObject({
        ready: true,
        checks: { ledger: { ok: true }, chain: { ok: true } },
      });
      expect(await (await fetch(`${api}/metrics`)).text()).toMatch(/^tet_agent_outbox_reporting [1-3]$/m);
      for (const [name, id] of ids)
        first.set(name, { seq: await stateSeq(api, id), history: await history(api, id) });
    } finally {
      await stop(system);
    }
  });

  it("starts again on the same data and finds the same history, which keeps growing", {
    timeout: 180_000,
  }, async () => {
    expect(first.size).toBe(3);
    const system = startSystem();
    try {
      const { api, ids } = await banner(system);
      expect([...ids.keys()]).toEqual(DEVICES);
      for (const [name, id] of ids) {
        const before = first.get(name) as { seq: number; history: string[] };
        const now = await history(api, id);
        expect(now.slice(0, before.history.length), `${name}'s history after the restart`).toEqual(
          before.history,
        );
        // The desk reports on change (someone sits down) or on its 5-minute heartbeat; the pool probe
        // and the charger's meter change with every reading.
        if (name === "desk-1") continue;
        await until(
          async () => (await stateSeq(api, id)) > before.seq,
          `${name} reporting again after the restart`,
          {
            ms: 60_000,
            everyMs: 250,
          },
        );
      }
    } finally {
      await stop(system);
    }
  });
});
