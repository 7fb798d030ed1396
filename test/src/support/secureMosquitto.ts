import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mosquittoProcess } from "@tet/agent/test-support";
import { DeviceCa } from "@tet/backend/test-support";
import { encodeKeyFile, generatePrivateKey, publicKeyOf } from "@tet/schemas";
import { freePort } from "./mosquitto.js";

/** A Mosquitto with the compose stack's two listeners: devices by mutual TLS, the backend by password. */
export interface SecureMosquitto {
  /** Devices: `mqtts://`, a client certificate of the device CA required, CN = username = client id. */
  devicePort: number;
  /** The backend role: password `backendPassword` for user `tet-backend`. */
  backendPort: number;
  backendPassword: string;
  /** `ca.pem` (trust anchor of both sides) and the CRL file the backend rewrites. */
  caPath: string;
  crlPath: string;
  /** The command that makes Mosquitto reread its CRL (SIGHUP to its pid file). */
  reload: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a real Mosquitto 2 configured like docker/mosquitto/mosquitto.conf: the device CA in
 * `caDir` (created here, as `tet ca init` does) issues the broker's Ed25519 server certificate for
 * `::1`; the device listener takes only certificates of that CA not on its CRL, with pattern ACLs on
 * the certificate's CN; the backend listener takes the `tet-backend` password.
 */
export async function startSecureMosquitto(dir: string, caDir: string): Promise<SecureMosquitto> {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const ca = DeviceCa.open(caDir);
  const serverKey = generatePrivateKey();
  const caPath = join(dir, "ca.pem");
  const crlPath = join(dir, "crl.pem");
  writeFileSync(caPath, ca.certificatePem);
  writeFileSync(join(dir, "server-key.pem"), encodeKeyFile(serverKey), { mode: 0o600 });
  writeFileSync(
    join(dir, "server.pem"),
    ca.serverCertificate({
      names: ["localhost", "::1"],
      publicKey: publicKeyOf(serverKey),
      now: Date.now(),
      days: 1,
    }),
  );
  writeFileSync(crlPath, ca.crl({ revoked: [], number: 0, now: Date.now(), days: 1 }));
  const backendPassword = "backend-secret";
  execFileSync("mosquitto_passwd", ["-b", "-c", join(dir, "passwd"), "tet-backend", backendPassword]);
  writeFileSync(
    join(dir, "backend.acl"),
    "user tet-backend\ntopic read tet/v1/o/+/up\ntopic write tet/v1/o/+/down\ntopic read $SYS/broker/log/M/subscribe\n",
  );
  writeFileSync(join(dir, "devices.acl"), "pattern write tet/v1/o/%u/up\npattern read tet/v1/o/%u/down\n");
  const [devicePort, backendPort] = [await freePort(), await freePort()];
  const pidFile = join(dir, "mosquitto.pid");
  const conf = [
    "per_listener_settings true",
    "persistence false",
    ...(process.getuid?.() === 0 ? ["user root"] : []),
    `pid_file ${pidFile}`,
    "max_queued_messages 0",
    "max_inflight_messages 0",
    "log_dest stderr",
    "log_dest topic",
    "log_type error",
    "log_type warning",
    "log_type notice",
    "log_type information",
    "log_type subscribe",
    `listener ${devicePort} ::1`,
    `cafile ${caPath}`,
    `certfile ${join(dir, "server.pem")}`,
    `keyfile ${join(dir, "server-key.pem")}`,
    "require_certificate true",
    "use_identity_as_username true",
    "use_username_as_clientid true",
    `crlfile ${crlPath}`,
    `acl_file ${join(dir, "devices.acl")}`,
    `listener ${backendPort} ::1`,
    "allow_anonymous false",
    `password_file ${join(dir, "passwd")}`,
    `acl_file ${join(dir, "backend.acl")}`,
  ];
  writeFileSync(join(dir, "mosquitto.conf"), `${conf.join("\n")}\n`);
  const { start, stop } = mosquittoProcess(join(dir, "mosquitto.conf"));
  await start();
  return {
    devicePort,
    backendPort,
    backendPassword,
    caPath,
    crlPath,
    reload: `kill -HUP "$(cat '${pidFile}')"`,
    start,
    stop,
  };
}
