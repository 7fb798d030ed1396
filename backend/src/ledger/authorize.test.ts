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
