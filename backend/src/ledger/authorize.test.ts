import {
  didKeyFromPublicKey,
  generatePrivateKey,
  parseStatement,
  type Statement,
  signStatement,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { describe, expect, it } from "vitest";
import { authorize } from "./authorize.js";
import { ObjectView } from "./objectView.js";
import { project } from "./project.js";

const key = () => nodeSigner(generatePrivateKey());
const logKey = key().publicKey;

describe("authorize: documents", () => {
  const owner = key();
  const maker = key();
  const delegate = key();
  const stranger = key();
  const genesis = parseStatement(
    signStatement(
      {
        v: 1,
        t: "genesis",
        ts: 1,
        owner: didKeyFromPublicKey(owner.publicKey),
        class: "lamp",
        deviceKeys: [],
        nonce: new Uint8Array(8),
        maker: didKeyFromPublicKey(maker.publicKey),
      },
      owner,
    ),
  );
  const view = new ObjectView(new Uint8Array(16));
  project(genesis, 0, view);
  const obj = view.object;
  project(
    parseStatement(
      signStatement(
        { v: 1, t: "key", ts: 2, obj, action: "add", key: delegate.publicKey, role: "delegate" },
        owner,
      ),
    ),
    1,
    view,
  );
  const doc: Statement = {
    v: 1,
    t: "document",
    ts: 3,
    obj,
    hash: new Uint8Array(32),
    mediaType: "text/plain",
    uri: "https://x.example/a",
    title: "A",
  };
  const decide = (signer: ReturnType<typeof key>) =>
    authorize(parseStatement(signStatement(doc, signer)), view, { logKey });

  it("accepts the owner and the manufacturer named in the genesis (maker)", () => {
    expect(decide(owner)).toEqual({ ok: true });
    expect(decide(maker)).toEqual({ ok: true });
  });
  it("refuses a delegate and a stranger with NOT_OWNER", () => {
    for (const s of [delegate, stranger]) {
      const d = decide(s);
      expect("error" in d && d.error.code).toBe("NOT_OWNER");
    }
  });
});

describe("authorize: service manifests (issue 19)", () => {
  const owner = key();
  const delegate = key();
  const stranger = key();
  const view = new ObjectView(new Uint8Array(16));
  const genesis: Statement = {
    v: 1,
    t: "genesis",
    ts: 1,
    owner: didKeyFromPublicKey(owner.publicKey),
    class: "ev-charger",
    deviceKeys: [],
    nonce: new Uint8Array(8),
  };
  project(parseStatement(signStatement(genesis, owner)), 0, view);
  const obj = view.object;
  const keyAdd: Statement = {
    v: 1,
    t: "key",
    ts: 2,
    obj,
    action: "add",
    key: delegate.publicKey,
    role: "delegate",
  };
  project(parseStatement(signStatement(keyAdd, owner)), 1, view);
  const manifest: Statement = {
    v: 1,
    t: "service",
    ts: 3,
    obj,
    name: "meter",
    version: "1.0.0",
    prefix: Uint8Array.from(Buffer.from("fd54455400010000", "hex")),
    provides: { "billing-meter": "1.0.0" },
    requires: { passport: { range: "^1.0.0", mode: "needs" } },
    health: { path: "/healthz" },
    command: ["tet-backend", "meter", "serve"],
  };
  const decide = (signer: ReturnType<typeof key>) =>
    authorize(parseStatement(signStatement(manifest, signer)), view, { logKey });

  it("accepts the owner's manifest", () => {
    expect(decide(owner)).toEqual({ ok: true });
  });
  it("refuses a delegate's and a stranger's with NOT_OWNER: what runs on an avatar is the owner's to say", () => {
    for (const s of [delegate, stranger]) {
      const d = decide(s);
      expect("error" in d && d.error.code).toBe("NOT_OWNER");
    }
  });
});
