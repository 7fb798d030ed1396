// Run inside a network namespace by net/netns.test.ts: installs the local route with `tet-backend net
// up`, serves the API on `::`, asks two avatar addresses (and one empty address) for their passports
// over real sockets, removes the route, and prints the results as one JSON line.
import { avatarAddress } from "@tet/schemas";
import { serveApi } from "../api/index.js";
import { main } from "../cli/index.js";
import { Actor, genesis, openTestLedger } from "./index.js";

const prefix = process.argv[2] as string;
const io = {
  stdout: () => undefined,
  stderr: (t: string) => process.stderr.write(t),
  readStdin: async () => new Uint8Array(),
};
const result: Record<string, unknown> = { up: await main(["net", "up", "--prefix", prefix], io) };
const fx = await openTestLedger();
const a = genesis(new Actor(), { name: "Lamp A", cls: "lamp" });
const b = genesis(new Actor(), { name: "Desk B", cls: "desk" });
await fx.ledger.append(a.bytes);
await fx.ledger.append(b.bytes);
const api = await serveApi({ ledger: fx.ledger, port: 0, prefix, rateLimit: false });
const ask = async (address: string, accept: string) => {
  const res = await fetch(`http://[${address}]:${api.port}/`, { headers: { accept } });
  return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
};
const addr = (obj: Uint8Array) => avatarAddress({ prefix, objectId: obj });
result.a = {
  id: a.id,
  address: addr(a.obj),
  json: await ask(addr(a.obj), "application/json"),
  html: await ask(addr(a.obj), "text/html"),
};
result.b = { id: b.id, address: addr(b.obj), json: await ask(addr(b.obj), "application/json") };
result.empty = await ask(addr(new Uint8Array(16)), "application/json");
result.loopback = await ask("::1", "application/json");
await api.close();
await fx.close();
result.down = await main(["net", "down", "--prefix", prefix], io);
result.downAgain = await main(["net", "down", "--prefix", prefix], io);
process.stdout.write(`${JSON.stringify(result)}\n`);
