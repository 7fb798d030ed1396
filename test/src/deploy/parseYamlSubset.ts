/** A YAML value as the subset below produces it. */
export type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

const BLOCK_SCALAR = [">-", ">", "|", "|-"];

interface Line {
  n: number;
  indent: number;
  text: string;
  raw: string;
}

/**
 * Parses the YAML 1.2 subset our compose file is written in, so the test needs no YAML package:
 * block mappings and sequences by indentation, `#` comments, plain, 'single' and "double" quoted
 * scalars, flow sequences of scalars (`["CMD", "pg_isready"]`), folded block scalars (`>-`),
 * anchors on mappings (`&name`) with merge keys (`<<: *name`). Anything else throws with the line
 * number, rather than being guessed at.
 */
export function parseYamlSubset(text: string): Yaml {
  const raw = text.split("\n");
  const lines: Line[] = [];
  raw.forEach((r, i) => {
    const text = stripComment(r).trimEnd();
    if (text.trim() === "") return;
    if (/\t/.test(r.slice(0, r.length - r.trimStart().length)))
      throw new Error(`line ${i + 1}: tab indentation`);
    lines.push({ n: i + 1, indent: r.length - r.trimStart().length, text: text.trim(), raw: r });
  });
  const anchors = new Map<string, Yaml>();
  let at = 0;
  const fail = (why: string, line = lines[at]): never => {
    throw new Error(`line ${line?.n ?? "end"}: ${why}`);
  };

  const block = (indent: number): Yaml => {
    const first = lines[at];
    if (first === undefined || first.indent < indent) return null;
    if (first.text.startsWith("[")) return flowOnLines();
    return first.text.startsWith("- ") || first.text === "-" ? sequence(first.indent) : mapping(first.indent);
  };

  // A flow sequence as a value on the following line(s), as formatters wrap long ones.
  const flowOnLines = (): Yaml => {
    const head = lines[at] as Line;
    let text = "";
    while (lines[at] !== undefined) {
      text += `${(lines[at] as Line).text} `;
      at++;
      if (balanced(text)) return scalar(text.trim(), head);
    }
    return fail("unterminated flow sequence", head);
  };

  const sequence = (indent: number): Yaml[] => {
    const out: Yaml[] = [];
    for (let l = lines[at]; l !== undefined && l.indent === indent; l = lines[at]) {
      if (!l.text.startsWith("-")) fail("expected a sequence item");
      const rest = l.text.slice(1).trim();
      at++;
      if (rest === "") out.push(block(indent + 1));
      else if (BLOCK_SCALAR.includes(rest)) out.push(blockScalar(rest, indent, l));
      else if (/^[^"'[{][^:]*:(\s|$)/.test(rest)) fail("mappings inside sequences are not in the subset", l);
      else out.push(scalar(rest, l));
    }
    return out;
  };

  const mapping = (indent: number): { [key: string]: Yaml } => {
    const out: { [key: string]: Yaml } = {};
    const merged: { [key: string]: Yaml } = {};
    for (let l = lines[at]; l !== undefined && l.indent === indent; l = lines[at]) {
      const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#][^:]*?):(?:\s+(.*))?$/.exec(l.text);
      if (m === null) fail(`expected key: value, got ${JSON.stringify(l.text.slice(0, 40))}`);
      const key = String(scalar((m as RegExpExecArray)[1] as string, l));
      let value = (m as RegExpExecArray)[2] ?? "";
      at++;
      if (key in out) fail(`key ${key} defined twice`, l);
      let anchor: string | undefined;
      const a = /^&([\w-]+)\s*(.*)$/.exec(value);
      if (a) [, anchor, value] = a as unknown as [string, string, string];
      let v: Yaml;
      if (value === "") v = block(indent + 1);
      else if (BLOCK_SCALAR.includes(value)) v = blockScalar(value, indent, l);
      else if (value.startsWith("*")) {
        const name = value.slice(1);
        if (!anchors.has(name)) fail(`unknown alias *${name}`, l);
        v = anchors.get(name) as Yaml;
      } else v = scalar(value, l);
      if (anchor !== undefined) anchors.set(anchor, v);
      if (key === "<<") {
        if (v === null || typeof v !== "object" || Array.isArray(v)) fail("<< merges a mapping", l);
        Object.assign(merged, v);
      } else out[key] = v;
    }
    return { ...merged, ...out };
  };

  // Block scalars keep their raw text (a '#' there is not a comment); folded ones join lines by spaces.
  const blockScalar = (style: string, indent: number, head: Line): string => {
    const body: string[] = [];
    let i = head.n; // the line after the header (head.n is 1-based)
    for (; i < raw.length; i++) {
      const r = raw[i] as string;
      if (r.trim() !== "" && r.length - r.trimStart().length <= indent) break;
      body.push(r.trim());
    }
    while (lines[at] !== undefined && (lines[at] as Line).n <= i) at++;
    const text = style.startsWith(">") ? body.filter((b) => b !== "").join(" ") : body.join("\n");
    return style.endsWith("-") ? text.replace(/\n+$/, "") : `${text}\n`;
  };

  const value = block(0);
  if (at < lines.length) fail("unexpected indentation");
  return value;
}

/** True when every [ outside a string is closed. */
function balanced(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[") depth++;
    else if (c === "]") depth--;
  }
  return depth === 0;
}

function scalar(s: string, l: Line): Yaml {
  if (s.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\.)*"$/.test(s)) throw new Error(`line ${l.n}: unterminated string`);
    return JSON.parse(s) as string;
  }
  if (s.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(s)) throw new Error(`line ${l.n}: unterminated string`);
    return s.slice(1, -1).replaceAll("''", "'");
  }
  if (s.startsWith("[")) {
    try {
      const v = JSON.parse(s) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x !== "object")) return v as Yaml[];
    } catch {
      // falls through to the refusal
    }
    throw new Error(`line ${l.n}: only flow sequences of JSON scalars are in the subset`);
  }
  if (s.startsWith("{") || s.startsWith("&") || s.startsWith("!") || s.startsWith("|") || s.startsWith(">"))
    throw new Error(`line ${l.n}: ${s[0]} is not in the subset`);
  if (s === "true" || s === "false") return s === "true";
  if (s === "null" || s === "~") return null;
  if (/^[-+]?\d+$/.test(s)) return Number(s);
  if (/^[-+]?\d*\.\d+$/.test(s)) return Number(s);
  return s;
}

// A '#' starts a comment at the start of a line or after a space, outside quotes.
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[,:-]/.test(line[i - 1] as string))) quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1] as string))) return line.slice(0, i);
  }
  return line;
}
