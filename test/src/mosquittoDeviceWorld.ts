// The world of mosquittoDeviceAuth.test.ts: a real Mosquitto 2 with the compose stack's listeners
// (devices by mutual TLS, the backend by password), a real `tet-backend serve` worker with the device
// CA, and the moves of its tests — avatars, devices with certificates from signed requests, real
// mosquitto_pub/mosquitto_sub, and the ledger read back.
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SqliteStore } from "@tet/backend";
import {
  didKeyFromPublicKey,
  encodeKeyFile,
  generatePrivateKey,
  objectIdFromGenesis,
  objectIdToText,
  parseStatement,
  type Statement,
  signStatement,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { afterAll, beforeAll, expect } from "vitest";
import {
  missing,
  type SecureMosquitto,
  serveReady,
  spawnBin,
  startSecureMosquitto,
  until,
} from "./support/index.js";

export const skip = missing("mosquitto", "mosquitto-clients");
export const root = fileURLToPath(new URL("../../", import.meta.url));
export const run = promisify(execFile);
const children = new Set<ChildProcess>();
export let dir: string;
export let mosq: SecureMosquitto;
export let http: string;
export let logDid: string;
export const data = () => join(dir, "backend");

/** Spawns a bin script as a user runs it; its stdout and stderr lines are kept. */
export const bin = (script: string, args: string[]) => spawnBin(script, args, { cwd: dir, children });

/** An avatar whose genesis (POSTed to the backend) binds `deviceKey`; its owner signs key statements. */
export async function avatar(deviceKey: Uint8Array) {
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

export async function post(path: string, body: Uint8Array, status?: number): Promise<Response> {
  const r = await fetch(`${http}${path}`, {
    method: "POST",
    headers: { "content-type": "application/cose" },
    body: Buffer.from(body),
  });
  if (status !== undefined) expect(r.status, `${path}: ${await r.clone().text()}`).toBe(status);
  return r;
}

export const connectStatement = (obj: Uint8Array, signer: ReturnType<typeof nodeSigner>, ts = Date.now()) =>
  signStatement({ v: 1, t: "connect", ts, obj, nonce: new Uint8Array(randomBytes(16)) }, signer);

/** A device with a key, an avatar, and its certificate obtained by a signed request; PEM files for the mosquitto clients. */
export async function device(name: string) {
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

export const deviceArgs = () => ["-h", "::1", "-p", String(mosq.devicePort), "-V", "5"];

/** mosquitto_pub once; resolves with its exit code and debug output (PUBACK reason code). */
export async function pub(tls: string[], topic: string, bytes: Uint8Array) {
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
export async function sub(tls: string[], topics: string[]) {
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

/** Starts Mosquitto and the backend worker before the tests of the calling describe, and stops them after. */
export function useDeviceAuthWorld(): void {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tet-mosq-mtls-"));
    mosq = await startSecureMosquitto(join(dir, "mosquitto"), join(dir, "ca"));
    const backend = bin("backend/bin/tet-backend.js", [
      "serve",
      ...["--data", data(), "--http-port", "0", "--chain", "off", "--verify-threads", "1"],
      ...["--mqtt-url", `mqtt://[::1]:${mosq.backendPort}`, "--mqtt-password", mosq.backendPassword],
      ...["--device-ca", join(dir, "ca"), "--device-ca-crl", mosq.crlPath, "--device-ca-reload", mosq.reload],
    ]);
    http = (await serveReady<{ http: string[] }>(backend)).http[0] as string;
    logDid = ((await (await fetch(`${http}/v1/log/key`)).json()) as { did: string }).did;
  }, 120_000);
  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL");
    await mosq?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
}

export function crlText(): string {
  return execFileSync("openssl", ["crl", "-in", mosq.crlPath, "-noout", "-text"]).toString();
}

export async function statements(object: Uint8Array): Promise<Statement[]> {
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

export async function deviceSeqs(object: Uint8Array): Promise<number[]> {
  return (await statements(object)).map((s) => (s as { seq: number }).seq);
}
