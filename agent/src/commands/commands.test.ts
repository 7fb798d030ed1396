import { nobleVerifier, parseStatement, sha256 } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Authority } from "../authority/index.js";
import { makeAvatar, tempDir } from "../test-support/index.js";
import { CommandRegistry } from "./commandRegistry.js";
import { handleCommand } from "./handleCommand.js";
import { SeenCommands } from "./seenCommands.js";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const a = makeAvatar();
const delegate = nodeSigner(new Uint8Array(32).fill(5));
const stranger = nodeSigner(new Uint8Array(32).fill(6));

function setup() {
  const authority = new Authority(a.obj, nobleVerifier);
  authority.accept(a.genesis);
  authority.accept(a.key("add", delegate.publicKey, "delegate"));
  const registry = new CommandRegistry()
    .register("ping", () => ({ pong: true }))
    .register("fail", () => {
      throw new Error("relay stuck");
    });
  const ctx = { authority, registry, seen: new SeenCommands(tmp.dir, Date.now()), now: Date.now };
  return ctx;
}
const run = (bytes: Uint8Array, ctx: ReturnType<typeof setup>) => handleCommand(parseStatement(bytes), ctx);

describe("handleCommand", () => {
  it("runs a command from the owner or a delegate and answers ok, citing the command's hash", async () => {
    const ctx = setup();
    const cmd = a.command("ping", { id: 1 });
    const out = await run(cmd, ctx);
    expect(out.result).toMatchObject({ t: "command-result", status: "ok", result: { pong: true } });
    expect((out.result as { command: Uint8Array }).command).toEqual(sha256(cmd));
    expect((await run(a.command("ping", { id: 2, by: delegate }), ctx)).result).toMatchObject({
      status: "ok",
    });
  });

  it("ignores a stranger's command and one about another object: no answer, and the id stays unused", async () => {
    const ctx = setup();
    expect(await run(a.command("ping", { id: 3, by: stranger }), ctx)).toMatchObject({
      result: null,
      ignored: "COMMAND_NOT_AUTHORIZED",
    });
    const elsewhere = makeAvatar();
    expect(await run(elsewhere.command("ping", { id: 3 }), ctx)).toMatchObject({
      result: null,
      ignored: "WRONG_OBJECT",
    });
    // The owner's command with the same id still runs: a forger cannot burn ids.
    expect((await run(a.command("ping", { id: 3 }), ctx)).result).toMatchObject({ status: "ok" });
  });

  it("refuses an expired command and an unknown name; reports a handler's failure", async () => {
    const ctx = setup();
    expect((await run(a.command("ping", { id: 4, expires: Date.now() - 1 }), ctx)).result).toMatchObject({
      status: "refused",
      error: "expired",
    });
    expect((await run(a.command("open-door", { id: 5 }), ctx)).result).toMatchObject({ status: "refused" });
    expect((await run(a.command("fail", { id: 6 }), ctx)).result).toMatchObject({
      status: "error",
      error: "relay stuck",
    });
  });

  it("never runs the same id twice, even after a restart", async () => {
    let runs = 0;
    const ctx = setup();
    ctx.registry.register("count", () => {
      runs++;
      return {};
    });
    const cmd = a.command("count", { id: 7 });
    expect((await run(cmd, ctx)).result).toMatchObject({ status: "ok" });
    expect((await run(cmd, ctx)).result).toBeNull();
    const restarted = { ...ctx, seen: new SeenCommands(tmp.dir, Date.now()) };
    const again = await run(cmd, restarted);
    expect(again.result).toBeNull();
    expect(again.log).toContain("replayed");
    expect(runs).toBe(1);
  });
});
