// The gates `npm run lint` keeps (issue 15 item 5): Biome's noPrivateImports and noImportCycles, run
// with the repository's own rule settings on a small fixture tree, refuse a deliberately bad import —
// past a folder's index, relative into another package, in a cycle — and let the good ones through;
// scripts/checkSource.mjs refuses an over-long source file and an `as unknown as` in backend code.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script without type declarations
import { checkSource, MAX_LINES } from "../../scripts/checkSource.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const biome = join(root, "node_modules/.bin/biome");

interface Diagnostic {
  category: string;
  location: { path: string; start: { line: number } };
}

/** The repository's biome.json, cut down to its import rules and its file includes. */
function fixtureConfig(): string {
  const repo = JSON.parse(readFileSync(join(root, "biome.json"), "utf8"));
  return JSON.stringify({
    files: { includes: repo.files.includes },
    formatter: { enabled: false },
    assist: { enabled: false },
    linter: {
      rules: {
        preset: "none",
        correctness: { noPrivateImports: repo.linter.rules.correctness.noPrivateImports },
        suspicious: { noImportCycles: repo.linter.rules.suspicious.noImportCycles },
      },
    },
  });
}

const FILES: Record<string, string> = {
  "backend/src/ledger/sqliteStore.ts": "export class SqliteStore {}\n",
  "backend/src/ledger/index.ts": 'export { SqliteStore } from "./sqliteStore.js";\n',
  "backend/src/api/good.ts":
    'import { SqliteStore } from "../ledger/index.js";\nexport const g = SqliteStore;\n',
  "backend/src/api/bad.ts":
    'import { SqliteStore } from "../ledger/sqliteStore.js";\nexport const b = SqliteStore;\n',
  "backend/src/cycle/a.ts": 'import { b } from "./b.js";\nexport const a = () => b;\n',
  "backend/src/cycle/b.ts": 'import { a } from "./a.js";\nexport const b = () => a;\n',
  "test/src/relative.ts":
    'import { SqliteStore } from "../../backend/src/index.js";\nexport const r = SqliteStore;\n',
  "test/src/byName.ts": 'import { SqliteStore } from "@tet/backend";\nexport const n = SqliteStore;\n',
  "backend/src/index.ts": 'export * from "./ledger/index.js";\n',
  "backend/dist/index.d.ts": "export declare class SqliteStore {}\n",
  "backend/package.json": JSON.stringify({
    name: "@tet/backend",
    type: "module",
    exports: { ".": { "@tet/source": "./src/index.ts", types: "./dist/index.d.ts" } },
  }),
};

describe("Biome keeps a folder's internals private", () => {
  let dir: string;
  let diagnostics: Diagnostic[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tet-lint-gates-"));
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    mkdirSync(join(dir, "node_modules/@tet"), { recursive: true });
    symlinkSync("../../backend", join(dir, "node_modules/@tet/backend")); // as npm workspaces link it
    writeFileSync(join(dir, "biome.json"), fixtureConfig());
    let out: string;
    try {
      out = execFileSync(biome, ["lint", "--reporter=json", "--max-diagnostics=none", "."], {
        cwd: dir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (e) {
      out = (e as { stdout: string }).stdout; // exit 1: there are errors, as there must be
    }
    diagnostics = (JSON.parse(out) as { diagnostics: Diagnostic[] }).diagnostics;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const at = (path: string) => diagnostics.filter((d) => d.location.path === path).map((d) => d.category);

  it("refuses an import past another folder's index.ts", () => {
    expect(at("backend/src/api/bad.ts")).toEqual(["lint/correctness/noPrivateImports"]);
  });

  it("takes the same symbol through the folder's index.ts", () => {
    expect(at("backend/src/api/good.ts")).toEqual([]);
  });

  it("refuses a relative import into another package's src, and takes the package by name", () => {
    expect(at("test/src/relative.ts")).toEqual(["lint/correctness/noPrivateImports"]);
    expect(at("test/src/byName.ts")).toEqual([]); // resolves into dist/, which Biome's graph leaves out
  });

  it("refuses an import cycle", () => {
    expect(at("backend/src/cycle/a.ts")).toEqual(["lint/suspicious/noImportCycles"]);
    expect(at("backend/src/cycle/b.ts")).toEqual(["lint/suspicious/noImportCycles"]);
  });
});

describe("checkSource: file length and casts", () => {
  const lines = (n: number) => "x\n".repeat(n);
  const run = (files: Record<string, string>) =>
    checkSource("/unused", Object.keys(files), (p: string) => files[p] as string) as {
      path: string;
      problem: string;
    }[];

  it("refuses a source file over the limit, and only a source file outside generated folders", () => {
    const offences = run({
      "agent/src/long.ts": lines(MAX_LINES + 1),
      "agent/src/ok.ts": lines(MAX_LINES),
      "contracts/src/sol/Long.sol": lines(MAX_LINES + 1),
      "scripts/long.mjs": lines(MAX_LINES + 1),
      "contracts/generated/artifacts.ts": lines(4000),
      "agent/dist/long.js": lines(4000),
      "README.md": lines(4000),
    });
    expect(offences.map((o) => o.path)).toEqual([
      "agent/src/long.ts",
      "contracts/src/sol/Long.sol",
      "scripts/long.mjs",
    ]);
    expect(offences[0]?.problem).toBe(`${MAX_LINES + 1} lines (limit ${MAX_LINES})`);
  });

  it("refuses `as unknown as` in backend code, not in its tests or in other packages", () => {
    const cast = "const x = y as unknown as Z;\n";
    const offences = run({
      "backend/src/ledger/a.ts": `// one\n${cast}`,
      "backend/src/ledger/a.test.ts": cast,
      "backend/src/test-support/b.ts": cast,
      "agent/src/c.ts": cast,
    });
    expect(offences).toEqual([{ path: "backend/src/ledger/a.ts:2", problem: '"as unknown as" cast' }]);
  });

  it("refuses a re-export or namespace import past a folder's index, which Biome does not check", () => {
    const offences = run({
      "schemas/package.json": JSON.stringify({
        exports: { "./device": { "@tet/source": "./src/device.ts" } },
      }),
      "schemas/src/crypto/hash.ts": "export const sha256 = 1;\n",
      "schemas/src/crypto/index.ts": 'export { sha256 } from "./hash.js";\n',
      "schemas/src/device.ts": 'export { sha256 } from "./crypto/hash.js";\n', // a package entry
      "schemas/src/ids/leak.ts": 'export { sha256 } from "../crypto/hash.js";\n',
      "schemas/src/ids/star.ts": 'import * as hash from "../crypto/hash.js";\nexport const h = hash;\n',
      "schemas/src/ids/ok.ts": 'import * as crypto from "../crypto/index.js";\nexport const c = crypto;\n',
    });
    expect(offences).toEqual([
      {
        path: "schemas/src/ids/leak.ts",
        problem: "re-exports ../crypto/hash.js: import its folder's index.ts",
      },
      {
        path: "schemas/src/ids/star.ts",
        problem: "imports * from ../crypto/hash.js: import its folder's index.ts",
      },
    ]);
  });
});
