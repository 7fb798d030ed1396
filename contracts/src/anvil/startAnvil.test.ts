import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { rpc, startAnvil } from "./startAnvil.js";

it("starts on a free 127.0.0.1 port, answers eth_chainId, and stops", async () => {
  const a = await startAnvil();
  const b = await startAnvil();
  expect(a.port).not.toBe(b.port);
  expect(a.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(await rpc(a.rpcUrl, "eth_chainId")).toBe("0x7a69");
  await Promise.all([a.stop(), b.stop()]);
  await expect(rpc(a.rpcUrl, "eth_chainId")).rejects.toThrow();
});

it("persists the chain in a state file across restarts", async () => {
  const stateFile = join(mkdtempSync(join(tmpdir(), "tet-anvil-")), "state.json");
  const first = await startAnvil({ stateFile });
  await rpc(first.rpcUrl, "anvil_mine", ["0x7"]);
  await first.stop();
  const second = await startAnvil({ stateFile });
  expect(await rpc(second.rpcUrl, "eth_blockNumber")).toBe("0x7");
  await second.stop();
});
