import { createApi } from "./createApi.js";
import { Actor, Device, genesis, openTestLedger } from "./fixture.js";

/** Base64 text as bytes (the API's hashes, proofs and COSE bytes). */
export const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "base64"));

/**
 * The world the read routes' tests look at: a lamp (five state readings, a document, an issuer key,
 * two warranties, then transferred to the buyer) and the buyer's sauna, in a real SQLite ledger with
 * a checkpoint, served by `createApi` without rate limits or web pages.
 */
export async function openReadWorld() {
  const T = 1_800_000_000_000;
  const owner = new Actor();
  const buyer = new Actor();
  const issuer = new Actor();
  const device = new Device();
  const g = genesis(owner, {
    devices: [device],
    name: "Reading lamp",
    model: "L-2",
    manufacturer: "Lumo",
    serial: "SN-7",
    ts: T,
  });
  const other = genesis(buyer, { cls: "sauna", name: "Sauna", ts: T });
  const fx = await openTestLedger({ now: () => T + 3_600_000 });
  const app = createApi({ ledger: fx.ledger, rateLimit: false, web: false, now: () => T + 10_000 });
  const obj = g.obj;
  await fx.ledger.append(g.bytes);
  await fx.ledger.append(other.bytes);
  for (let i = 0; i < 5; i++)
    await fx.ledger.append(device.state(obj, { temperature: { v: 20 + i, u: "Cel" } }, T + i));
  await fx.ledger.append(
    owner.sign({
      v: 1,
      t: "document",
      ts: T + 10,
      obj,
      hash: new Uint8Array(32),
      mediaType: "application/pdf",
      uri: "https://lumo.example/l2.pdf",
      title: "Manual",
    }),
  );
  await fx.ledger.append(
    await fx.chain(owner, {
      v: 1,
      t: "key",
      ts: T + 10,
      obj,
      action: "add",
      key: issuer.signer.publicKey,
      role: "issuer",
    }),
  );
  await fx.ledger.append(
    await fx.chain(issuer, {
      v: 1,
      t: "warranty",
      ts: T + 11,
      obj,
      action: "issue",
      warranty: "W-T",
      issuer: issuer.did,
      until: T + 5_000,
      transferable: true,
    }),
  );
  await fx.ledger.append(
    await fx.chain(issuer, {
      v: 1,
      t: "warranty",
      ts: T + 12,
      obj,
      action: "issue",
      warranty: "W-N",
      until: T + 1e9,
      transferable: false,
    }),
  );
  await fx.ledger.append(await fx.chain(owner, { v: 1, t: "transfer", ts: T + 20, obj, to: buyer.did }));
  await fx.ledger.log.checkpoint();
  /** A GET (or any request) answered as JSON: status, content type and the parsed body. */
  const json = async (path: string, init?: RequestInit) => {
    const res = await app.request(path, init);
    return {
      status: res.status,
      type: res.headers.get("content-type"),
      body: (await res.json()) as Record<string, unknown>,
    };
  };
  return { T, owner, buyer, issuer, device, g, other, fx, app, json, close: () => fx.close() };
}
