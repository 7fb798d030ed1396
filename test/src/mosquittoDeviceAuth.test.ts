// Issue #14 item 2: device authentication and ACLs on a real external broker. A real Mosquitto 2 with
// the compose stack's listeners (devices by mutual TLS with certificates of the backend's device CA,
// the backend role by password), a real `tet-backend serve` worker with `device_ca`, real
// mosquitto_pub/mosquitto_sub and a real `tet-agent`: no certificate, no connection; device A's
// certificate reaches neither B's up nor B's down (nor `tet/#`, `#`); a certificate is only issued on
// a request signed by a key the ledger binds; a revoked key is refused at its next connect; the agent
// works end to end through it, and ignores forged receipts and commands published on its down.
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SqliteStore } from "@tet/backend";
import { DeviceCa } from "@tet/backend/test-support";
import {
  didKeyFromPublicKey,
  encodeKeyFile,
  generatePrivateKey,
  objectIdFromGenesis,
  objectIdToText,
  parseStatement,
  publicKeyFromDidKey,
  type Statement,
  sha256,
  signStatement,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  forgedDownScenario,
  missing,
  publishDown,
  type SecureMosquitto,
  startSecureMosquitto,
  until,
} from "./support/index.js";

const skip = missing("mosquitto", "mosquitto-clients");
const root = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);
const children = new Set<ChildProcess>();
let dir: string;
let mosq: SecureMosquitto;
let http: string;
let logDid: string;
const data = () => join(dir, "backend");

/** Spawns a bin script as a user runs it; its stdout and stderr lines are kept. */
function bin(script: string, args: string[]) {
  const p = spawn(process.execPath, [join(root, script), ...args], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(p);
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: p.stdout }).on("line", (l) => stdout.push(l));
  createInterface({ input: p.stderr }).on("line", (l) => stderr.push(l));
  const exited = new Promise<number | null>((resolve) => p.once("exit", (code) => resolve(code)));
  return { p, stdout, stderr, exited };
}

/** An avatar whose genesis (POSTed to the backend) binds `deviceKey`; its owner signs key statements. */
async function avatar(deviceKey: Uint8Array) {
  const owner = nodeSigner(generatePrivateKey());
  const genesis = signStatement(
    {
      v: 1,
      t: "genesis",
      ts: Date.now(),
      owner: didKeyFromPublicKey(owner.publicKey),
      class: "sensor",
      deviceKeys: [deviceKey],
      nonce: new Uint8Array(randomBytes(16)),
    },
    owner,
  );
  await post("/v1/statements", genesis, 201);
  const object = objectIdFromGenesis(genesis);
  return { owner, genesis, object, objectId: objectIdToText(object) };
}

async function post(path: string, body: Uint8Array, status?: number): Promise<Response> {
  const r = await fetch(`${http}${path}`, {
    method: "POST",
    headers: { "content-type": "application/cose" },
    body: Buffer.from(body),
  });
  if (status !== undefined) expect(r.status, `${path}: ${await r.clone().text()}`).toBe(status);
  return r;
}

const connectStatement = (obj: Uint8Array, signer: ReturnType<typeof nodeSigner>, ts = Date.now()) =>
  signStatement({ v: 1, t: "connect", ts, obj, nonce: new Uint8Array(randomBytes(16)) }, signer);

/** A device with a key, an avatar, and its certificate obtained by a signed request; PEM files for the mosquitto clients. */
async function device(name: string) {
  const key = generatePrivateKey();
  const signer = nodeSigner(key);
  const av = await avatar(signer.publicKey);
  const r = await post(
    `/v1/objects/${av.objectId}/device-certificate`,
    connectStatement(av.object, signer),
    200,
  );
  expect(r.headers.get("content-type")).toBe("application/pem-certificate-chain");
  const cert = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.pem`);
  writeFileSync(cert, await r.text());
  writeFileSync(keyFile, encodeKeyFile(key), { mode: 0o600 });
  return {
    ...av,
    signer,
    cert,
    key: keyFile,
    tls: ["--cafile", mosq.caPath, "--cert", cert, "--key", keyFile],
  };
}

const deviceArgs = () => ["-h", "::1", "-p", String(mosq.devicePort), "-V", "5"];

/** mosquitto_pub once; resolves with its exit code and debug output (PUBACK reason code). */
async function pub(tls: string[], topic: string, bytes: Uint8Array) {
  const file = join(dir, `msg-${randomBytes(4).toString("hex")}`);
  writeFileSync(file, bytes);
  try {
    const r = await run("mosquitto_pub", [...deviceArgs(), ...tls, "-q", "1", "-t", topic, "-f", file, "-d"]);
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout + x.stderr };
  }
}

/** A mosquitto_sub printing payloads as hex; resolves once SUBACK arrived, or with its exit if refused. */
async function sub(tls: string[], topics: string[]) {
  const p = spawn("stdbuf", [
    "-oL",
    "mosquitto_sub",
    ...deviceArgs(),
    ...tls,
    "-q",
    "1",
    ...topics.flatMap((t) => ["-t", t]),
    "-F",
    "%t %x",
    "-d",
  ]);
  children.add(p);
  const payloads: { topic: string; statement: Statement }[] = [];
  const lines: string[] = [];
  let exit: number | null | undefined;
  p.once("exit", (c) => (exit = c));
  createInterface({ input: p.stdout }).on("line", (l) => {
    const m = /^(tet\/\S+) ([0-9a-f]{64,})$/.exec(l);
    if (m)
      payloads.push({
        topic: m[1] as string,
        statement: parseStatement(Buffer.from(m[2] as string, "hex")).statement,
      });
    else lines.push(l);
  });
  createInterface({ input: p.stderr }).on("line", (l) => lines.push(l));
  await until(
    () => exit !== undefined || lines.some((l) => l.includes("SUBACK")),
    "mosquitto_sub's SUBACK or exit",
  );
  return { payloads, lines, exit: () => exit, stop: () => p.kill() };
}

describe.skipIf(skip)("device authentication on a real Mosquitto (mutual TLS)", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tet-mosq-mtls-"));
    mosq = await startSecureMosquitto(join(dir, "mosquitto"), join(dir, "ca"));
    const backend = bin("backend/bin/tet-backend.js", [
      "serve",
      ...["--data", data(), "--http-port", "0", "--chain", "off", "--verify-threads", "1"],
      ...["--mqtt-url", `mqtt://[::1]:${mosq.backendPort}`, "--mqtt-password", mosq.backendPassword],
      ...["--device-ca", join(dir, "ca"), "--device-ca-crl", mosq.crlPath, "--device-ca-reload", mosq.reload],
    ]);
    const ready = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: backend.p.stdout as NodeJS.ReadableStream });
      rl.on("line", (l) => l.startsWith("{") && resolve(l));
      backend.exited.then((c) =>
        reject(new Error(`tet-backend serve exited ${c}: ${backend.stderr.join("\n")}`)),
      );
    });
    http = (JSON.parse(ready) as { http: string[] }).http[0] as string;
    logDid = ((await (await fetch(`${http}/v1/log/key`)).json()) as { did: string }).did;
  }, 120_000);
  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL");
    await mosq?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

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

function crlText(): string {
  return execFileSync("openssl", ["crl", "-in", mosq.crlPath, "-noout", "-text"]).toString();
}

async function statements(object: Uint8Array): Promise<Statement[]> {
  const store = await SqliteStore.open(join(data(), "ledger.db"));
  try {
    const entries = await store.entriesByObject(object, { limit: 10_000 });
    return entries.flatMap((e): Statement[] =>
      e.seq === null ? [] : [parseStatement(e.bytes as Uint8Array).statement],
    );
  } finally {
    await store.close();
  }
}

async function deviceSeqs(object: Uint8Array): Promise<number[]> {
  return (await statements(object)).map((s) => (s as { seq: number }).seq);
}
