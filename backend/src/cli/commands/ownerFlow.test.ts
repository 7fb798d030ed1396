import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeKeyFile, didKeyFromPublicKey, objectIdFromText, publicKeyOf } from "@tet/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServedApi, serveApi } from "../../api/index.js";
import { Device, openTestLedger } from "../../test-support/index.js";
import { runTetInProcess as tet } from "./runTetInProcess.js";

let fx: Awaited<ReturnType<typeof openTestLedger>>;
let api: ServedApi;
let base: string;
const key = (name: string) => join(fx.dir, `${name}.pem`);

beforeAll(async () => {
  fx = await openTestLedger();
  api = await serveApi({ ledger: fx.ledger, port: 0, rateLimit: false, web: false });
  base = `http://[::1]:${api.port}`;
  for (const k of ["owner", "buyer", "issuer", "device"])
    expect((await tet(["keygen", "--out", key(k)])).code).toBe(0);
});
afterAll(async () => {
  await api.close();
  await fx.close();
});

const did = (name: string) =>
  didKeyFromPublicKey(publicKeyOf(decodeKeyFile(readFileSync(key(name), "utf8"))));

describe("tet for owners, against a running API", () => {
  let id = "";
  it("creates an avatar, streams device state, and shows its passport and history", async () => {
    const created = await tet([
      "avatar",
      "create",
      "--key",
      key("owner"),
      "--class",
      "ev-charger",
      "--name",
      "Bay 3",
      "--device-keys",
      key("device"),
      "--api",
      base,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const c = JSON.parse(created.text) as { id: string; address: string };
    id = c.id;
    expect(c.address).toMatch(/^fd54:/);
    const device = new Device(decodeKeyFile(readFileSync(key("device"), "utf8")));
    for (let i = 0; i < 3; i++)
      await fx.ledger.append(device.state(objectIdFromText(id), { power: { v: 1000 * i, u: "W" } }));
    const p = await tet(["passport", id, "--api", base]);
    expect(p.code).toBe(0);
    expect(p.text).toContain("Bay 3");
    expect(p.text).toContain("power=2000 W");
    const h = await tet(["history", id, "--kind", "state", "--api", base]);
    expect(h.text.trim().split("\n")).toHaveLength(3);
  });

  it("issues, claims, accepts and voids a warranty; transfers; commands — and refuses the wrong signer", async () => {
    const early = ["warranty", "issue", id, "--warranty", "W-0", "--key", key("issuer"), "--api", base];
    const refused = await tet(early);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("ISSUER_NOT_ACCEPTED"); // the owner has not accepted this issuer yet
    const bind = ["key", "add", id, "--bind", key("issuer"), "--role", "issuer", "--key", key("owner")];
    const bound = await tet([...bind, "--api", base]);
    expect(bound.code, bound.stderr).toBe(0);
    const issue = await tet([
      "warranty",
      "issue",
      id,
      "--warranty",
      "W-1",
      "--key",
      key("issuer"),
      "--until",
      "2099-01-01",
      "--terms",
      "24 months",
      "--transferable",
      "yes",
      "--api",
      base,
    ]);
    expect(issue.code, issue.stderr).toBe(0);
    const claim = await tet([
      "warranty",
      "claim",
      id,
      "--warranty",
      "W-1",
      "--key",
      key("owner"),
      "--evidence",
      "1,2",
      "--api",
      base,
    ]);
    expect(claim.code, claim.stderr).toBe(0);
    const forged = await tet([
      "warranty",
      "accept",
      id,
      "--warranty",
      "W-1",
      "--key",
      key("owner"),
      "--api",
      base,
    ]);
    expect([forged.code, forged.stderr]).toEqual([1, expect.stringMatching(/^error KEY_NOT_BOUND/)]);
    expect(
      (await tet(["warranty", "accept", id, "--warranty", "W-1", "--key", key("issuer"), "--api", base]))
        .code,
    ).toBe(0);
    expect(
      (await tet(["transfer", id, "--to", did("buyer"), "--key", key("owner"), "--api", base])).code,
    ).toBe(0);
    const again = await tet(["transfer", id, "--to", did("owner"), "--key", key("owner"), "--api", base]);
    expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/^error NOT_OWNER/)]);
    const cmd = await tet([
      "command",
      id,
      "--name",
      "stop-session",
      "--args",
      "session=s1,force=true",
      "--key",
      key("buyer"),
      "--api",
      base,
    ]);
    expect(cmd.code, cmd.stderr).toBe(0);
    expect(
      (
        await tet([
          "warranty",
          "void",
          id,
          "--warranty",
          "W-1",
          "--key",
          key("issuer"),
          "--reason",
          "recall",
          "--api",
          base,
        ])
      ).code,
    ).toBe(0);
    const p = JSON.parse((await tet(["passport", id, "--json", "yes", "--api", base])).text);
    expect(p.owners.map((o: { owner: string }) => o.owner)).toEqual([did("owner"), did("buyer")]);
    expect(p.warranties[0]).toMatchObject({
      id: "W-1",
      status: "void",
      claims: [{ status: "accepted", evidence: [1, 2] }],
    });
  });

  it("exports a bundle that tet verify accepts with the log's did:key", async () => {
    const out = join(fx.dir, "bundle.cbor");
    expect((await tet(["export", id, "--out", out, "--api", base])).code).toBe(0);
    const v = await tet(["verify", out, "--log-key", didKeyFromPublicKey(fx.ledger.logKey)]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.text).toMatch(
      /statements {2}11 \(genesis 1, state 3, key 1, warranty 4, transfer 1, command 1\)/,
    );
  });

  it("reports an unreachable API and an unknown object with codes", async () => {
    const unknown = await tet(["passport", "a".repeat(26), "--api", base]);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringMatching(/^error UNKNOWN_OBJECT/)]);
    const down = await tet(["passport", id, "--api", "http://127.0.0.1:9"]);
    expect([down.code, down.stderr]).toEqual([1, expect.stringMatching(/^error API_UNREACHABLE/)]);
  });
});
