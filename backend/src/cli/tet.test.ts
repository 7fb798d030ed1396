import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { decodeKeyFile, objectIdFromGenesis, objectIdToText, publicKeyOf } from "@tet/schemas";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../commandLine/index.js";
import { runTet } from "./tet.js";

/** Runs `tet` in-process with the given stdin and collects what it writes. */
async function tet(argv: string[], stdin: Uint8Array | string = new Uint8Array()) {
  const out: Uint8Array[] = [];
  let err = "";
  const io: CliIo = {
    stdout: (c) => {
      out.push(typeof c === "string" ? new TextEncoder().encode(c) : c);
    },
    stderr: (t) => {
      err += t;
    },
    readStdin: async () => (typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin),
  };
  const code = await runTet(argv, io);
  const stdout = Buffer.concat(out);
  return { code, stdout, text: stdout.toString("utf8"), stderr: err };
}

const dir = mkdtempSync(join(tmpdir(), "tet-cli-"));
const keyPath = join(dir, "owner.pem");

describe("tet keygen, sign, inspect", () => {
  it("keygen writes a 0600 key file, prints its did:key and never overwrites", async () => {
    const r = await tet(["keygen", "--out", keyPath]);
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/^did:key:z6Mk\w+\n$/);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(publicKeyOf(decodeKeyFile(readFileSync(keyPath, "utf8")))).toHaveLength(32);
    const again = await tet(["keygen", "--out", keyPath]);
    expect(again.code).toBe(2);
  });

  it("sign turns a JSON genesis into COSE bytes that inspect verifies", async () => {
    const did = (await tet(["keygen", "--out", join(dir, "second.pem")])).text.trim();
    const genesis = {
      t: "genesis",
      owner: did,
      class: "ev-charger",
      deviceKeys: [],
      nonce: "00112233445566778899",
    };
    const signed = await tet(["sign", "--key", join(dir, "second.pem")], JSON.stringify(genesis));
    expect(signed.code).toBe(0);
    expect(signed.stdout[0]).toBe(0xd2); // tag 18
    const file = join(dir, "genesis.cose");
    writeFileSync(file, signed.stdout);
    const shown = await tet(["inspect", file]);
    expect(shown.code).toBe(0);
    const json = JSON.parse(shown.text);
    expect(json).toMatchObject({ kind: "genesis", signer: did, signature: "valid" });
    expect(json.objectId).toBe(objectIdToText(objectIdFromGenesis(signed.stdout)));
    expect(json.statement).toMatchObject({ v: 1, t: "genesis", class: "ev-charger", owner: did });
  });

  it("inspect exits 1 with the code of the defect", async () => {
    const did = (await tet(["keygen", "--out", join(dir, "third.pem")])).text.trim();
    const signed = await tet(
      ["sign", "--key", join(dir, "third.pem")],
      JSON.stringify({ t: "genesis", owner: did, class: "desk", deviceKeys: [], nonce: "0011223344556677" }),
    );
    const tampered = Uint8Array.from(signed.stdout);
    tampered[tampered.length - 70]! ^= 1; // a byte of the payload
    const r = await tet(["inspect", "-"], tampered);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error (COSE_BAD_SIGNATURE|STATEMENT_INVALID|CBOR_\w+):/);
    const garbage = await tet(["inspect", "-"], new Uint8Array([0xd2, 0x84, 0x40]));
    expect(garbage.stderr).toMatch(/^error CBOR_TRUNCATED:/);
  });

  it("sign refuses an invalid statement with its code and writes nothing", async () => {
    const r = await tet(["sign", "--key", keyPath], JSON.stringify({ t: "transfer", obj: "nope", to: "x" }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error STATEMENT_INVALID: .*transfer\.obj/);
    expect(r.stdout.length).toBe(0);
  });

  it("prints usage for unknown commands and missing options", async () => {
    expect((await tet(["frobnicate"])).code).toBe(2);
    expect((await tet(["sign"])).stderr).toMatch(/--key is required/);
    expect((await tet(["--help"])).text).toMatch(/keygen/);
  });
});

describe("the installed bin", () => {
  it("runs as a program: keygen then inspect of a signed statement", async () => {
    const bin = new URL("../../bin/tet.js", import.meta.url).pathname;
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, [bin, "keygen", "--out", join(dir, "bin.pem")]);
    expect(stdout).toMatch(/^did:key:z6Mk/);
    await expect(run(process.execPath, [bin, "inspect", join(dir, "missing.cose")])).rejects.toMatchObject({
      code: 2,
    });
  });
});

describe("tet chain", () => {
  it("deploys the contracts to an RPC endpoint and prints the addresses", async () => {
    const { startAnvil } = await import("@tet/contracts");
    const anvil = await startAnvil({});
    try {
      const key = join(dir, "evm.key");
      // Anvil's first development account.
      writeFileSync(key, "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80\n");
      const r = await tet(["chain", "deploy", "--rpc", anvil.rpcUrl, "--key", key]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const deployment = JSON.parse(r.text);
      expect(JSON.stringify(deployment)).toMatch(/0x[0-9a-fA-F]{40}/);
      expect((await tet(["chain", "sideways"])).code).toBe(2);
    } finally {
      await anvil.stop();
    }
  });
});
