import { AgentError } from "../errors.js";

/** A value in the TOML subset: text, a number, a boolean or a one-line array of them. */
export type TomlValue = string | number | boolean | TomlValue[];
export type TomlTable = { [key: string]: TomlValue | TomlTable | TomlTable[] };

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Parses the small TOML subset (TOML v1.0.0) the agent's configuration file uses, so it needs no
 * dependency: `# comments`, `[table]` and `[[array-of-tables]]` headers with bare keys,
 * `key = value` lines whose value is a basic string ("…" with \\ \" \n \t \uXXXX escapes), a
 * decimal integer or float (underscores allowed), `true`/`false`, or a one-line array of those.
 * Anything else is refused with the line number, rather than guessed at.
 */
export function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  let table = root;
  text.split(/\r?\n/).forEach((raw, i) => {
    const fail = (why: string): never => {
      throw new AgentError("CONFIG_INVALID", `line ${i + 1}: ${why}`);
    };
    const line = stripComment(raw).trim();
    if (line === "") return;
    const header = /^(\[\[?)\s*([A-Za-z0-9_-]+)\s*(\]\]?)$/.exec(line);
    if (header) {
      const [, open = "", name = "", close = ""] = header;
      if (open.length !== close.length) fail("unbalanced table header");
      if (open === "[[") {
        if (root[name] === undefined) root[name] = [];
        const list = root[name] as TomlTable[];
        if (!Array.isArray(list)) fail(`${name} is not an array of tables`);
        table = {};
        list.push(table);
      } else {
        if (name in root) fail(`table [${name}] defined twice`);
        table = root[name] = {};
      }
      return;
    }
    const eq = line.indexOf("=");
    if (eq < 0) fail("expected key = value");
    const key = line.slice(0, eq).trim();
    if (!BARE_KEY.test(key)) fail(`bad key ${JSON.stringify(key)}`);
    if (key in table) fail(`key ${key} defined twice`);
    const { value, rest } = parseValue(line.slice(eq + 1).trim(), fail);
    if (rest.trim() !== "") fail(`unexpected ${JSON.stringify(rest.trim())}`);
    table[key] = value;
  });
  return root;
}

// A '#' starts a comment unless it is inside a string.
function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\" && inString) i++;
    else if (c === '"') inString = !inString;
    else if (c === "#" && !inString) return line.slice(0, i);
  }
  return line;
}

function parseValue(s: string, fail: (why: string) => never): { value: TomlValue; rest: string } {
  if (s.startsWith('"')) {
    let out = "";
    for (let i = 1; i < s.length; i++) {
      const c = s[i]!;
      if (c === '"') return { value: out, rest: s.slice(i + 1) };
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = s[++i];
      const simple: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", t: "\t", r: "\r" };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === "u" && /^[0-9A-Fa-f]{4}$/.test(s.slice(i + 1, i + 5))) {
        out += String.fromCharCode(Number.parseInt(s.slice(i + 1, i + 5), 16));
        i += 4;
      } else fail(`bad escape \\${e ?? ""}`);
    }
    return fail("unterminated string");
  }
  if (s.startsWith("[")) {
    const items: TomlValue[] = [];
    let rest = s.slice(1).trim();
    while (!rest.startsWith("]")) {
      const item = parseValue(rest, fail);
      items.push(item.value);
      rest = item.rest.trim();
      if (rest.startsWith(",")) rest = rest.slice(1).trim();
      else if (!rest.startsWith("]")) fail("expected , or ] in array");
    }
    return { value: items, rest: rest.slice(1) };
  }
  const m = /^(true|false|[+-]?[0-9][0-9_]*(\.[0-9_]+)?([eE][+-]?[0-9]+)?)(.*)$/.exec(s);
  if (!m) return fail(`bad value ${JSON.stringify(s.slice(0, 20))}`);
  const word = m[1]!;
  const value = word === "true" ? true : word === "false" ? false : Number(word.replaceAll("_", ""));
  return { value, rest: m[4]! };
}
