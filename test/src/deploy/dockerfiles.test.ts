import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDockerfile, type Stage } from "./parseDockerfile.js";

// The images are built from the repository root (compose: context ".."), so every path a COPY
// names, and every program the image runs, must exist there. No container engine is needed.
const root = new URL("../../../", import.meta.url).pathname;
const DOCKERFILES = {
  backend: { file: "docker/backend.Dockerfile", runs: "backend/bin/tet-backend.js" },
  agent: { file: "docker/agent.Dockerfile", runs: "agent/bin/tet-agent.js" },
};

/** The node flags a bin script's shebang gives (`#!/usr/bin/env -S node FLAGS…`); none for plain `node`. */
const shebangFlags = (script: string) => {
  const line = readFileSync(join(root, script), "utf8").split("\n", 1)[0] ?? "";
  return /^#!\/usr\/bin\/env -S node (.*)$/.exec(line)?.[1]?.split(" ") ?? [];
};

const parse = (file: string) => parseDockerfile(readFileSync(join(root, file), "utf8"));
const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);

describe.each(Object.entries(DOCKERFILES))("docker/%s Dockerfile", (_name, { file, runs }) => {
  const { stages } = parse(file);
  const final = stages.at(-1) as Stage;

  it("is multi-stage, every base pinned to a version (no latest, no untagged image)", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) {
      const known = stages.some((x) => x.name === s.from);
      if (known) continue;
      expect(s.from, `FROM ${s.from}`).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(s.from).not.toMatch(/:latest$/);
      expect(s.from).toMatch(/-slim$|-alpine$/); // a small base
    }
  });

  it("runs as an unprivileged user in its last stage", () => {
    const users = all(final, "USER");
    expect(users.length, "USER in the last stage").toBeGreaterThan(0);
    const user = users.at(-1)?.args[0] ?? "";
    expect(["root", "0", "0:0"]).not.toContain(user);
    expect(all(final, "RUN").every((r) => !r.args.includes("apt-get"))).toBe(true); // no compilers in the runtime
  });

  it("copies only paths that exist in the build context, and only from earlier stages", () => {
    const names = stages.map((s) => s.name);
    stages.forEach((s, i) => {
      for (const copy of [...all(s, "COPY"), ...all(s, "ADD")]) {
        const sources = copy.args.slice(0, -1);
        if (copy.flags.from !== undefined) {
          expect(names.slice(0, i), `COPY --from=${copy.flags.from} at line ${copy.line}`).toContain(
            copy.flags.from,
          );
          continue;
        }
        for (const src of sources)
          expect(existsSync(join(root, src)), `COPY ${src} at line ${copy.line}`).toBe(true);
      }
    });
  });

  it("starts the program the package ships, with the production environment", () => {
    const entry = all(final, "ENTRYPOINT").at(-1);
    expect(entry?.exec, "ENTRYPOINT in exec form (signals reach node)").toBe(true);
    expect(entry?.args[0]).toBe("node");
    expect(entry?.args.find((a) => a.endsWith(".js"))).toBe(runs);
    // node runs with the flags of the bin script's shebang, as it does on a device or a server.
    expect(entry?.args.slice(1, entry.args.indexOf(runs))).toEqual(shebangFlags(runs));
    expect(existsSync(join(root, runs))).toBe(true);
    const copied = all(final, "COPY").map((c) => c.args.at(-1) ?? "");
    expect(copied.some((dest) => runs.startsWith(dest.replace(/^\.\//, "")))).toBe(true);
    expect(all(final, "ENV").some((e) => e.args.includes("NODE_ENV=production"))).toBe(true);
  });
});

describe("the Dockerfile parser", () => {
  it("reads continuations, flags, exec and shell forms, ARG defaults in FROM", () => {
    const { stages } = parseDockerfile(
      [
        "ARG BASE=node:20-slim",
        "FROM $BASE AS build",
        "RUN a \\",
        "  # note",
        "  && b",
        "FROM build",
        "COPY --from=build /a /b",
        'CMD ["node", "x.js"]',
      ].join("\n"),
    );
    expect(stages.map((s) => [s.from, s.name])).toEqual([
      ["node:20-slim", "build"],
      ["build", undefined],
    ]);
    expect(stages[0]?.instructions[0]?.args).toEqual(["a", "&&", "b"]);
    expect(stages[1]?.instructions[0]?.flags).toEqual({ from: "build" });
    expect(stages[1]?.instructions[1]).toMatchObject({ exec: true, args: ["node", "x.js"] });
  });

  it("refuses unknown instructions and a dangling continuation", () => {
    expect(() => parseDockerfile("FROM a:1\nRUNN x\n")).toThrow("line 2: unknown instruction RUNN");
    expect(() => parseDockerfile("FROM a:1\nRUN x \\")).toThrow("ends inside a continued instruction");
  });
});
