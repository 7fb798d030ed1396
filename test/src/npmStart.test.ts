import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { until } from "./support/until.js";

// `npm start` is `npm run build && node scripts/start.mjs`; `npm test` has built already, so this runs
// the script itself on free ports and a fresh data directory, as a user would after `npm ci`.
const root = new URL("../../", import.meta.url).pathname;
const data = mkdtempSync(join(tmpdir(), "tet-npm-start-"));
afterAll(() => rmSync(data, { recursive: true, force: true }));

function startSystem(): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = "";
  const child = spawn(process.execPath, [join(root, "scripts/start.mjs")], {
    cwd: root,
    env: { ...process.env, TET_DATA: data, TET_HTTP_PORT: "0", TET_MQTT_PORT: "0", TET_WS_PORT: "0" },
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

describe("npm start", () => {
  it("runs the backend and three demo devices whose signed state reaches their passports, and stops cleanly", {
    timeout: 180_000,
  }, async () => {
    const system = startSystem();
    try {
      await until(() => system.output().includes("Press Ctrl-C to stop."), "the start banner", {
        ms: 90_000,
        everyMs: 200,
      }).catch((e) => {
        throw new Error(`${(e as Error).message}; npm start printed:\n${system.output().slice(-3000)}`);
      });
      const text = system.output();
      const api = /web UI and API\s+(\S+)/.exec(text)?.[1];
      const ids = [...text.matchAll(/^\s+(desk-1|climate-1|charger-1)\s+([a-z2-7]{26})/gm)].map((m) => m[2]);
      expect(api).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect(ids).toHaveLength(3);
      for (const id of ids) {
        await until(
          async () => {
            const r = await fetch(`${api}/v1/objects/${id}`);
            const p = (await r.json()) as { state?: { seq?: number } };
            return (p.state?.seq ?? 0) >= 1;
          },
          `signed state of ${id} in its passport`,
          { ms: 60_000, everyMs: 250 },
        );
      }
      const page = await fetch(`${api}/o/${ids[0]}`, { headers: { accept: "text/html" } });
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
    } finally {
      system.child.kill("SIGINT");
    }
    expect(await system.exited).toBe(0);
  });
});
