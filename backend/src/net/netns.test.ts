import { execFile, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { netCommand } from "./netCommand.js";

const run = promisify(execFile);
const NS = `tet-test-${process.pid}`;
const PREFIX = "fd54:4554:77::/64";
const root = fileURLToPath(new URL("../../..", import.meta.url));

/** Whether this host lets us create a network namespace (root with CAP_SYS_ADMIN and iproute2). */
function capability(): string | undefined {
  try {
    execFileSync("ip", ["netns", "add", NS], { stdio: "pipe" });
    execFileSync("ip", ["-n", NS, "link", "set", "lo", "up"], { stdio: "pipe" });
    return undefined;
  } catch (e) {
    return `cannot create a network namespace: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`;
  }
}
const missing = capability();
if (missing && process.env.CI === "true") throw new Error(missing);
if (missing) console.warn(`skipping the IPv6 namespace test: ${missing}`);

afterAll(() => {
  if (!missing) execFileSync("ip", ["netns", "del", NS], { stdio: "pipe" });
});

describe.skipIf(missing !== undefined)("avatar addresses in a network namespace", () => {
  type Answer = { status: number; type: string; body: string };
  type Avatar = { id: string; address: string; json: Answer; html: Answer };
  let r: {
    a: Avatar;
    b: Avatar;
    empty: Answer;
    loopback: Answer;
    up: number;
    down: number;
    downAgain: number;
  };
  beforeAll(async () => {
    const child = await run(
      "ip",
      [
        "netns",
        "exec",
        NS,
        process.execPath,
        "--conditions=@tet/source",
        "--import",
        "tsx",
        "backend/src/test-support/avatarServer.ts",
        PREFIX,
      ],
      { cwd: root, timeout: 60_000 },
    );
    r = JSON.parse(child.stdout.trim().split("\n").pop() as string);
  }, 90_000);

  it("net up installs the local route; two avatars answer on their own addresses with their own passports", () => {
    expect(r.up).toBe(0);
    for (const k of ["a", "b"] as const) {
      expect(r[k].address.startsWith("fd54:4554:77:0:")).toBe(true);
      expect(r[k].json.status).toBe(200);
      expect(JSON.parse(r[k].json.body)).toMatchObject({ id: r[k].id, address: r[k].address });
    }
    expect(r.a.id).not.toBe(r.b.id);
  });
  it("answers browsers with the passport page, an empty address with 404 UNKNOWN_OBJECT, and other hosts with the list", () => {
    expect(r.a.html.type).toMatch(/^text\/html/);
    expect(r.a.html.body).toContain(`data-object="${r.a.id}"`);
    expect(r.empty.status).toBe(404);
    expect(JSON.parse(r.empty.body).code).toBe("UNKNOWN_OBJECT");
    expect(r.loopback.body).toContain('data-page="list"');
  });
  it("net down removes the route, idempotently", () => {
    expect([r.down, r.downAgain]).toEqual([0, 0]);
  });
});

describe("tet-backend net with a recorded ip", () => {
  it("runs ip -6 route replace/del local PREFIX dev lo and refuses a prefix that is not a /64", async () => {
    const calls: string[] = [];
    let installed = false;
    const cmd = netCommand(async (args) => {
      calls.push(args.join(" "));
      if (args[2] === "replace") installed = true;
      if (args[2] === "del") installed = false;
      return args[2] === "show" && installed ? "local fd54:4554:1::/64 dev lo" : "";
    });
    const io = { stdout: () => undefined, stderr: () => undefined, readStdin: async () => new Uint8Array() };
    expect(await cmd.run(["up", "--prefix", "fd54:4554:0001:0000::/64"], io)).toBe(0);
    expect(await cmd.run(["down"], io)).toBe(0);
    expect(await cmd.run(["down"], io)).toBe(0);
    expect(calls).toEqual([
      "-6 route replace local fd54:4554:1::/64 dev lo",
      "-6 route show table local fd54:4554:1::/64",
      "-6 route del local fd54:4554:1::/64 dev lo",
      "-6 route show table local fd54:4554:1::/64",
    ]);
    await expect(cmd.run(["up", "--prefix", "fd54::/48"], io)).rejects.toMatchObject({ code: "ID_INVALID" });
  });
});
