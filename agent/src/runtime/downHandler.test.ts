import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  didKeyFromPublicKey,
  type Ed25519Signer,
  type Ed25519Verifier,
  nobleVerifier,
  type Statement,
  sha256,
  signStatement,
} from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Authority } from "../authority/index.js";
import type { DeviceDraft } from "../chain/index.js";
import { CommandRegistry, SeenCommands } from "../commands/index.js";
import { Outbox } from "../outbox/index.js";
import type { AgentStatus } from "../status/index.js";
import { makeAvatar, stateDraft, tempDir } from "../test-support/index.js";
import { DownHandler } from "./downHandler.js";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const stranger = nodeSigner(new Uint8Array(32).fill(42));
/** Signs with `by`'s key but names `as` in the kid: a forgery that claims someone else's key. */
const claiming = (as: Ed25519Signer, by: Ed25519Signer): Ed25519Signer => ({
  publicKey: as.publicKey,
  sign: (m) => by.sign(m),
});

function world(verifier: Ed25519Verifier) {
  const a = makeAvatar();
  const outbox = Outbox.open({
    dir: join(tmp.dir, "outbox"),
    objectId: a.obj,
    signer: a.device,
    holdUntilHead: true,
  });
  outbox.add([1, 2, 3].map((n) => ({ ...stateDraft(n), obj: a.obj })));
  const authority = new Authority(a.obj, verifier);
  authority.accept(a.genesis);
  let runs = 0;
  const registry = new CommandRegistry().register("unlock", () => {
    runs++;
    return { open: true };
  });
  const status: AgentStatus = {
    pid: process.pid,
    objectId: a.objectId,
    broker: "mqtt://[::1]:1883",
    startedAt: Date.now(),
    updatedAt: Date.now(),
    link: "offline",
    enrolment: "bound",
    outbox: outbox.stats(),
    lastReceipt: null,
    lastRefusal: null,
    ignored: { total: 0, byCode: {}, last: null },
    lastRebase: null,
    outboxDamage: null,
  };
  const lines: string[] = [];
  const stored: DeviceDraft[] = [];
  let changed = 0;
  const down = new DownHandler({
    objectId: a.obj,
    logKey: a.log.publicKey,
    verifier,
    outbox,
    authority,
    registry,
    seen: new SeenCommands(tmp.dir, Date.now()),
    status,
    now: Date.now,
    log: (l) => lines.push(l),
    authorityChanged: () => changed++,
    receipt: () => {},
    store: (d) => stored.push(...d),
  });
  const journal = () => readFileSync(join(tmp.dir, "seen-commands.txt"), "utf8");
  return {
    a,
    outbox,
    authority,
    status,
    lines,
    stored,
    down,
    journal,
    runs: () => runs,
    changed: () => changed,
  };
}

describe.each([nodeVerifier, nobleVerifier])("DownHandler with %s", (verifier) => {
  it("ignores forged and unsigned down messages, one log line and one count each, changing nothing", async () => {
    const w = world(verifier);
    const { a } = w;
    const receipt = (s: Record<string, unknown>, by: Ed25519Signer) =>
      signStatement({ v: 1, t: "receipt", ts: Date.now(), obj: a.obj, index: 9, ...s } as Statement, by);
    const genuine = receipt({ seq: 100, hash: new Uint8Array(32).fill(7) }, a.log);
    const flipped = new Uint8Array(genuine);
    flipped[flipped.length - 1]! ^= 1; // the last byte of the signature
    const unsigned = new Uint8Array(genuine);
    unsigned.fill(0, unsigned.length - 64);
    const forgeries: [Uint8Array, string][] = [
      [flipped, "COSE_BAD_SIGNATURE"],
      [unsigned, "COSE_BAD_SIGNATURE"],
      [receipt({ seq: 100, hash: new Uint8Array(32) }, claiming(a.log, stranger)), "COSE_BAD_SIGNATURE"],
      [receipt({ seq: 3 }, stranger), "RECEIPT_INVALID"],
      [a.command("unlock", { id: 1, by: claiming(a.owner, stranger) }), "COSE_BAD_SIGNATURE"],
      [a.command("unlock", { id: 2, by: stranger }), "COMMAND_NOT_AUTHORIZED"],
      [a.transfer(stranger, claiming(a.owner, stranger)), "COSE_BAD_SIGNATURE"],
      [a.transfer(stranger, stranger), "AUTHORITY_INVALID"],
      [a.key("add", stranger.publicKey, "delegate", stranger), "AUTHORITY_INVALID"],
      [a.sign({ t: "event", event: "note", text: "hi" }), "DOWN_UNEXPECTED"],
      [new Uint8Array([0xd2, 0x84, 0x40]), "CBOR_TRUNCATED"],
    ];
    const before = { stats: w.outbox.stats(), journal: w.journal(), chain: w.authority.chain.length };
    for (const [bytes] of forgeries) await w.down.handle(bytes);
    expect(w.lines.map((l) => l.split(" ")[2])).toEqual(forgeries.map(([, code]) => code));
    expect(w.status.ignored.total).toBe(forgeries.length);
    expect(w.status.ignored.byCode).toMatchObject({ COSE_BAD_SIGNATURE: 5, AUTHORITY_INVALID: 2 });
    expect(w.outbox.stats()).toEqual(before.stats);
    expect(w.journal()).toBe(before.journal);
    expect(w.authority.chain).toHaveLength(before.chain);
    expect(w.authority.owner).toBe(didKeyFromPublicKey(a.owner.publicKey));
    expect(w.authority.mayCommand(stranger.publicKey)).toBe(false);
    expect([w.runs(), w.stored.length, w.changed()]).toEqual([0, 0, 0]);

    // The genuine ones act: the receipt releases signing, the owner's command runs once and is answered.
    await w.down.handle(receipt({ seq: 0, hash: new Uint8Array(32) }, a.log));
    expect(w.outbox.stats()).toMatchObject({ held: false, signed: 3 });
    const command = a.command("unlock", { id: 2 }); // the id the stranger used is still free
    await w.down.handle(command);
    expect(w.runs()).toBe(1);
    expect(w.stored).toMatchObject([{ t: "command-result", status: "ok", command: sha256(command) }]);
    expect(w.status.ignored.total).toBe(forgeries.length);
  });
});
