import { CustodianError } from "./custodianError.js";

/** An XML element: its local name (prefix dropped), attributes as written, children, and its text. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?/;
const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(raw: string, at: () => string): string {
  return raw.replace(/&([^;]{0,10});|&/g, (m, ref: string | undefined) => {
    if (ref === undefined) throw new CustodianError("XML_MALFORMED", `${at()}: a bare &`);
    const hex = /^#x([0-9a-fA-F]{1,6})$/.exec(ref);
    const dec = /^#(\d{1,7})$/.exec(ref);
    if (hex || dec) return String.fromCodePoint(Number.parseInt((hex ?? dec)?.[1] as string, hex ? 16 : 10));
    const named = ENTITIES[ref];
    if (named === undefined) throw new CustodianError("XML_MALFORMED", `${at()}: unknown entity ${m}`);
    return named;
  });
}

/**
 * Reads a well-formed XML 1.0 document into a tree, strictly and without a DTD (a `<!DOCTYPE` is
 * refused, so no entity expansion can blow up — XML 1.0 §2.8): matching tags, quoted attributes, the
 * five predefined entities and character references, comments, CDATA and processing instructions.
 * Enough for ISO 20022 messages; anything else is XML_MALFORMED with its line.
 */
export function readXml(text: string): XmlElement {
  const src = text.replace(/^\uFEFF/, "");
  let i = 0;
  const at = () => `line ${src.slice(0, i).split("\n").length}`;
  const bad = (why: string) => new CustodianError("XML_MALFORMED", `${at()}: ${why}`);
  const skip = (close: string) => {
    const end = src.indexOf(close, i);
    if (end < 0) throw bad(`no ${close}`);
    i = end + close.length;
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < src.length) {
    const lt = src.indexOf("<", i);
    const chunk = src.slice(i, lt < 0 ? src.length : lt);
    if (stack.length > 0) (stack.at(-1) as XmlElement).text += decode(chunk, at);
    else if (chunk.trim() !== "") throw bad("text outside the root element");
    if (lt < 0) break;
    i = lt;
    if (src.startsWith("<?", i)) skip("?>");
    else if (src.startsWith("<!--", i)) skip("-->");
    else if (src.startsWith("<![CDATA[", i)) {
      const end = src.indexOf("]]>", i);
      if (end < 0 || stack.length === 0) throw bad("a CDATA section outside an element or not closed");
      (stack.at(-1) as XmlElement).text += src.slice(i + 9, end);
      i = end + 3;
    } else if (src.startsWith("<!", i)) throw bad("a DTD or declaration (never read)");
    else if (src.startsWith("</", i)) {
      const m = NAME.exec(src.slice(i + 2));
      const open = stack.pop();
      if (!m || !open || !src.startsWith(">", i + 2 + m[0].length) || open.name !== local(m[0]))
        throw bad(`a closing tag that does not match <${open?.name ?? "nothing"}>`);
      i += 3 + m[0].length;
    } else {
      const m = NAME.exec(src.slice(i + 1));
      if (!m) throw bad("a tag without a name");
      i += 1 + m[0].length;
      const el: XmlElement = { name: local(m[0]), attrs: {}, children: [], text: "" };
      for (;;) {
        const a = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("[^"<]*"|'[^'<]*')/.exec(src.slice(i));
        if (!a) break;
        const key = a[1] as string;
        if (key in el.attrs) throw bad(`attribute ${key} twice`);
        el.attrs[key] = decode((a[2] as string).slice(1, -1), at);
        i += a[0].length;
      }
      const end = /^\s*(\/?)>/.exec(src.slice(i));
      if (!end) throw bad(`a malformed <${el.name}> tag`);
      i += end[0].length;
      if (stack.length > 0) (stack.at(-1) as XmlElement).children.push(el);
      else if (root) throw bad("a second root element");
      else root = el;
      if (end[1] !== "/") stack.push(el);
    }
  }
  if (stack.length > 0) throw bad(`<${(stack.at(-1) as XmlElement).name}> is not closed`);
  if (!root) throw bad("no root element");
  return root;
}

const local = (qname: string) => qname.slice(qname.indexOf(":") + 1);

/** The first descendant along `path` (local names), or undefined. */
export function child(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let at = el;
  for (const name of path) at = at?.children.find((c) => c.name === name);
  return at;
}

/** Every direct child named `name`. */
export const children = (el: XmlElement | undefined, name: string): XmlElement[] =>
  el?.children.filter((c) => c.name === name) ?? [];
