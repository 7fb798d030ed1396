/** One Dockerfile instruction: its keyword, flags (`--from=build`) and arguments, with its line. */
export interface Instruction {
  line: number;
  keyword: string;
  flags: Record<string, string>;
  /** The exec form's JSON array, or the shell form split on whitespace. */
  args: string[];
  /** True when written in the exec (JSON array) form. */
  exec: boolean;
}

/** A build stage: its base image (ARG defaults substituted), its name and its instructions. */
export interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/**
 * Parses a Dockerfile the way BuildKit reads it, without a container engine: parser directives,
 * `#` comments, `\` line continuations, flags, the exec and shell forms; ARGs declared before the
 * first FROM are substituted into FROM lines (`${NODE_IMAGE}`). Throws on an unknown instruction.
 */
export function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const instructions: Instruction[] = [];
  let pending = "";
  let start = 0;
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (pending === "" && (line === "" || line.startsWith("#"))) return;
    if (pending === "") start = i + 1;
    if (line.startsWith("#")) return; // a comment inside a continued instruction
    pending += `${line.endsWith("\\") ? line.slice(0, -1) : line} `;
    if (line.endsWith("\\")) return;
    instructions.push(instruction(pending.trim(), start));
    pending = "";
  });
  if (pending !== "") throw new Error(`line ${start}: the file ends inside a continued instruction`);
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === "FROM") {
      const from = (ins.args[0] ?? "").replace(
        /\$\{?(\w+)\}?/g,
        (_, name: string) => args[name] ?? `$${name}`,
      );
      const as = ins.args[1]?.toUpperCase() === "AS" ? ins.args[2] : undefined;
      stages.push({ from, name: as, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword !== "ARG") throw new Error(`line ${ins.line}: ${ins.keyword} before the first FROM`);
      const [name, value] = (ins.args[0] ?? "").split("=", 2) as [string, string | undefined];
      args[name] = value ?? "";
    } else stages.at(-1)?.instructions.push(ins);
  }
  return { args, stages };
}

const KEYWORDS = new Set(
  "ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL ONBUILD RUN SHELL STOPSIGNAL USER VOLUME WORKDIR".split(
    " ",
  ),
);

function instruction(text: string, line: number): Instruction {
  const [word = "", ...restWords] = text.split(/\s+/);
  const keyword = word.toUpperCase();
  if (!KEYWORDS.has(keyword)) throw new Error(`line ${line}: unknown instruction ${word}`);
  let rest = restWords.join(" ");
  const flags: Record<string, string> = {};
  for (let m = /^--([\w-]+)=(\S+)\s*/.exec(rest); m !== null; m = /^--([\w-]+)=(\S+)\s*/.exec(rest)) {
    flags[m[1] as string] = m[2] as string;
    rest = rest.slice(m[0].length);
  }
  if (keyword === "HEALTHCHECK") {
    const cmd = /^CMD\s+(.*)$/.exec(rest);
    if (cmd) rest = cmd[1] as string;
  }
  if (rest.startsWith("[")) {
    try {
      return { line, keyword, flags, args: JSON.parse(rest) as string[], exec: true };
    } catch {
      throw new Error(`line ${line}: ${keyword}'s JSON form does not parse`);
    }
  }
  return { line, keyword, flags, args: rest === "" ? [] : rest.split(/\s+/), exec: false };
}
