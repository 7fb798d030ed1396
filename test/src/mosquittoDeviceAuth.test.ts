// Issue #14 item 2: device authentication and ACLs on a real external broker. A real Mosquitto 2 with
// the compose stack's listeners (devices by mutual TLS with certificates of the backend's device CA,
// the backend role by password), a real `tet-backend serve` worker with `device_ca`, real
// mosquitto_pub/mosquitto_sub and a real `tet-agent`: no certificate, no connection; device A's
// certificate reaches neither B's up nor B's down (nor `tet/#`, `#`); a certificate is only issued on
// a request signed by a key the ledger binds; a revoked key is refused at its next connect; the agent
// works end to end through it, and ignores forged receipts and commands published on its down.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DeviceCa } from "@tet/backend/test-support";
import { generatePrivateKey, publicKeyFromDidKey, sha256, signStatement } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { describe, expect, it } from "vitest";
import {
  avatar,
  bin,
  connectStatement,
  crlText,
  data,
  device,
  deviceSeqs,
  dir,
  http,
  logDid,
  mosq,
  post,
  pub,
  root,
  skip,
  statements,
  sub,
  useDeviceAuthWorld,
} from "./mosquittoDeviceWorld.js";
import { forgedDownScenario, publishDown, until } from "./support/index.js";

describe.skipIf(skip)("device authentication on a real Mosquitto (mutual TLS)", { timeout: 180_000 }, () => {
  useDeviceAuthWorld();

  it("refuses a client without a certificate, with one of another CA, and a password on the device listener", async () => {
    const none = await pub(["--cafile", mosq.caPath], "tet/v1/o/x/up", Uint8Array.of(1));
    expect(none.code).not.toBe(0);
    expect(none.out).not.toMatch(/received CONNACK \(0\)/);
    const withPassword = await pub(
      ["--cafile", mosq.caPath, "-u", "tet-backend", "-P", mosq.backendPassword],
      "tet/v1/o/x/up",
      Uint8Array.of(1),
    );
    expect(withPassword.code).not.toBe(0);
    expect(withPassword.out).not.toMatch(/received CONNACK \(0\)/);
    // A certificate for a bound key's object id, but from a CA of the attacker's own.
    const a = await device("stranger-target");
    const rogue = DeviceCa.open(join(dir, "rogue-ca"));
    writeFileSync(join(dir, "rogue.crt"), rogue.deviceCertificate(a.objectId, a.signer.publicKey));
    const forged = await pub(
      ["--cafile", mosq.caPath, "--cert", join(dir, "rogue.crt"), "--key", a.key],
      `tet/v1/o/${a.objectId}/up`,
      Uint8Array.of(1),
    );
    expect(forged.code).not.toBe(0);
    expect(forged.out).not.toMatch(/received CONNACK \(0\)/);
    // The same key with the CA's own certificate gets in: the refusals above were about the credential.
    const ok = await pub(a.tls, `tet/v1/o/${a.objectId}/up`, Uint8Array.of(1));
    expect(ok.code, ok.out).toBe(0);
  });

  it("issues a certificate only on a request signed by a key the ledger binds to that object", async () => {
    const a = await device("issuer-a");
    const b = await device("issuer-b");
    const ask = (objectId: string, body: Uint8Array) =>
      post(`/v1/objects/${objectId}/device-certificate`, body);
    const code = async (r: Response) => [r.status, ((await r.json()) as { code: string }).code];
    // A's key asking for B's certificate, B's own request under A's URL, a stranger's key, a stale one.
    expect(await code(await ask(b.objectId, connectStatement(b.object, a.signer)))).toEqual([
      403,
      "CA_KEY_NOT_BOUND",
    ]);
    expect(await code(await ask(a.objectId, connectStatement(b.object, b.signer)))).toEqual([
      400,
      "CA_WRONG_OBJECT",
    ]);
    const stranger = nodeSigner(generatePrivateKey());
    expect(await code(await ask(a.objectId, connectStatement(a.object, stranger)))).toEqual([
      403,
      "CA_KEY_NOT_BOUND",
    ]);
    expect(
      await code(await ask(a.objectId, connectStatement(a.object, a.signer, Date.now() - 600_000))),
    ).toEqual([401, "CA_STALE"]);
    const tampered = connectStatement(a.object, a.signer);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    expect(await code(await ask(a.objectId, tampered))).toEqual([401, "CA_BAD_SIGNATURE"]);
    const once = connectStatement(a.object, a.signer);
    expect((await ask(a.objectId, once)).status).toBe(200);
    expect(await code(await ask(a.objectId, once))).toEqual([401, "CA_REPLAY"]);
    const metrics = await (await fetch(`${http}/metrics`)).text();
    expect(metrics).toMatch(/tet_device_ca_refused_total\{code="CA_KEY_NOT_BOUND"\} 2/);
  });

  it("keeps device A's certificate off B's up and B's down, tet/# and #", async () => {
    const a = await device("acl-a");
    const b = await device("acl-b");
    const denied = await pub(a.tls, `tet/v1/o/${b.objectId}/up`, Uint8Array.of(0xa0));
    expect(denied.out).toMatch(/PUBACK \(Mid: 1, RC:135\)/); // MQTT 5 §3.4.2.1: 0x87 not authorized
    // Mosquitto 2.0's acl_file grants the SUBSCRIBE and checks read access per message: nothing
    // of B's reaches A, whatever filter it asks for.
    const spy = await sub(a.tls, [`tet/v1/o/${b.objectId}/down`, "tet/#", "#"]);
    const own = await sub(b.tls, [`tet/v1/o/${b.objectId}/down`]);
    // Traffic on B's down from the backend role. (B's own statements would need a second connection
    // with B's certificate, which takes over B's session: the client id is the certificate's CN.)
    const messages = [1, 2].map((n) =>
      signStatement(
        {
          v: 1,
          t: "state",
          ts: Date.now(),
          obj: b.object,
          seq: n,
          prev: new Uint8Array(32),
          readings: { n: { v: n } },
        },
        b.signer,
      ),
    );
    await publishDown({
      url: `mqtt://[::1]:${mosq.backendPort}`,
      username: "tet-backend",
      password: mosq.backendPassword,
      protocol: 5,
      objectId: b.objectId,
      messages,
    });
    await until(() => own.payloads.filter((p) => p.statement.t === "state").length === 2, "B's down traffic");
    // Mosquitto delivers to subscribers in order, and A's spy subscribed first.
    expect(spy.exit(), "A's subscriber was refused, not filtered").toBeUndefined();
    spy.stop();
    own.stop();
    expect(spy.payloads).toEqual([]);
    expect(await deviceSeqs(b.object)).toEqual([]); // and A's publish on B's up stored nothing
  });

  it("refuses a revoked device key at its next connect, and no other", async () => {
    const a = await device("revoked-a");
    const b = await device("revoked-b");
    expect((await pub(a.tls, `tet/v1/o/${a.objectId}/up`, Uint8Array.of(1))).code).toBe(0);
    const revoke = signStatement(
      {
        v: 2,
        t: "key",
        ts: Date.now(),
        obj: a.object,
        prev: sha256(a.genesis), // the object's authority chain: the genesis is its only statement yet
        action: "revoke",
        key: a.signer.publicKey,
        role: "device",
      },
      a.owner,
    );
    await post("/v1/statements", revoke, 201);
    // The worker sees the key statement, writes the CRL and sends Mosquitto SIGHUP.
    const serial = Buffer.from(DeviceCa.serial(a.objectId, a.signer.publicKey)).toString("hex").toUpperCase();
    await until(() => crlText().includes(serial), "A's serial on the CRL", { ms: 10_000 });
    await until(
      async () => (await pub(a.tls, `tet/v1/o/${a.objectId}/up`, Uint8Array.of(1))).code !== 0,
      "A refused",
      { ms: 10_000, everyMs: 100 },
    );
    const refused = await pub(a.tls, `tet/v1/o/${a.objectId}/up`, Uint8Array.of(1));
    expect(refused.out).not.toMatch(/received CONNACK \(0\)/);
    expect((await pub(b.tls, `tet/v1/o/${b.objectId}/up`, Uint8Array.of(1))).code).toBe(0);
    // Nor can the revoked key get a new certificate.
    const again = await post(
      `/v1/objects/${a.objectId}/device-certificate`,
      connectStatement(a.object, a.signer),
    );
    expect(again.status).toBe(403);
  });

  it("carries a real tet-agent end to end, which ignores forged receipts and commands on its down", async () => {
    const tetAgent = (...args: string[]) =>
      execFileSync(process.execPath, [join(root, "agent/bin/tet-agent.js"), ...args], {
        cwd: dir,
        stdio: "pipe",
      })
        .toString()
        .trim();
    const deviceDid = tetAgent("keygen", "--out", join(dir, "device.pem"));
    const av = await avatar(publicKeyFromDidKey(deviceDid));
    writeFileSync(join(dir, "genesis.cose"), av.genesis);
    const config = join(dir, "tet-agent.toml");
    // init obtains the client certificate by a request signed with device.pem.
    const written = tetAgent(
      "init",
      ...["--genesis", "genesis.cose", "--log-key", logDid, "--key", "device.pem", "--protocol", "5"],
      ...[
        "--broker",
        `mqtts://[::1]:${mosq.devicePort}`,
        "--ca",
        mosq.caPath,
        "--cert",
        "device.crt",
        "--enrol",
        http,
      ],
      ...["--data", "agent", "--out", config],
    );
    expect(written.split("\n")).toEqual([config, join(dir, "device.crt")]);
    const toml = readFileSync(config, "utf8")
      .replace(/^\[\[sensor\]\][\s\S]*$/m, "")
      .replace("keepalive = 60", "keepalive = 10")
      .replace("backoff_min = 1 ", "backoff_min = 0.05 ")
      .replace("backoff_max = 60 ", "backoff_max = 0.5 ");
    writeFileSync(
      config,
      `${toml}[[sensor]]\ndriver = "exec"\ncommand = ["date", "+{\\"n\\": %s.%N}"]\ninterval = 0.1\n`,
    );
    const agent = bin("agent/bin/tet-agent.js", ["run", "--config", config]);
    const db = join(data(), "ledger.db");
    await forgedDownScenario({
      object: av.object,
      logKey: publicKeyFromDidKey(logDid),
      ownerKey: av.owner.publicKey,
      db,
      agentData: join(dir, "agent"),
      // The backend role on its own listener: allowed to publish on every down.
      publishDown: (messages) =>
        publishDown({
          url: `mqtt://[::1]:${mosq.backendPort}`,
          username: "tet-backend",
          password: mosq.backendPassword,
          protocol: 5,
          objectId: av.objectId,
          messages,
        }),
      ledger: async () => statements(av.object),
    });
    const ignored = agent.stderr.filter((l) => l.includes("down ignored:"));
    expect(ignored.map((l) => / down ignored: (\S+)/.exec(l)?.[1])).toEqual([
      "COSE_BAD_SIGNATURE",
      "COSE_BAD_SIGNATURE",
      "RECEIPT_INVALID",
      "COSE_BAD_SIGNATURE",
    ]);
    agent.p.kill("SIGTERM");
    expect(await agent.exited).toBe(0);
  });
});
