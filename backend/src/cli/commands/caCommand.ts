import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeKeyFile, generatePrivateKey, publicKeyOf } from "@tet/schemas";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { DeviceCa } from "../../deviceCa/index.js";

/**
 * `tet ca init --dir CA --out CERTS --names mosquitto,localhost`: creates the device CA (its key stays
 * in `CA`, which the backend's `device_ca` option names) and writes what the broker needs into
 * `CERTS`: `ca.pem` (its `cafile`), an Ed25519 server key and certificate for those names (DNS names
 * or IP addresses), and an empty `crl.pem`. Existing files are kept, so it can run at every start.
 */
export const caCommand: Command = {
  name: "ca",
  summary: "create the device CA and the broker's TLS files (external-broker mode)",
  usage: "ca init --dir CA_DIR --out CERTS_DIR [--names mosquitto,localhost] [--days 825]",
  async run(args, io) {
    const { options, positional } = parseArgs(args, ["dir", "out", "names", "days"]);
    if (positional[0] !== "init") throw new UsageError("usage: tet ca init --dir CA_DIR --out CERTS_DIR");
    const dir = options.get("dir");
    const out = options.get("out");
    if (!dir || !out) throw new UsageError("--dir and --out are required");
    const names = (options.get("names") ?? "localhost").split(",").filter((n) => n !== "");
    const days = Number(options.get("days") ?? 825);
    if (!Number.isInteger(days) || days < 1) throw new UsageError("--days is a whole number of days");
    const ca = DeviceCa.open(dir);
    mkdirSync(out, { recursive: true });
    const write = (name: string, text: () => string, mode = 0o644) => {
      const path = join(out, name);
      if (existsSync(path)) return;
      writeFileSync(path, text(), { mode, flag: "wx" });
      io.stdout(`${path}\n`);
    };
    write("ca.pem", () => ca.certificatePem);
    const key = join(out, "server-key.pem");
    if (!existsSync(join(out, "server.pem"))) {
      const privateKey = generatePrivateKey();
      writeFileSync(key, encodeKeyFile(privateKey), { mode: 0o600 });
      write("server.pem", () =>
        ca.serverCertificate({ names, publicKey: publicKeyOf(privateKey), now: Date.now(), days }),
      );
    }
    write("crl.pem", () => ca.crl({ revoked: [], number: 0, now: Date.now(), days: 30 }));
    return 0;
  },
};
