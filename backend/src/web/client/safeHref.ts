/** URI schemes a document link may have on the page: the web's and IPFS's (RFC 3986 §3.1 scheme). */
export const LINK_SCHEMES: readonly string[] = ["http:", "https:", "ipfs:", "ipns:"];

/**
 * The `href` to render for a URI from a signed statement, or undefined when it must not be a link:
 * anything that does not parse as an absolute URL, and every scheme but `LINK_SCHEMES` —
 * `javascript:`, `data:`, `vbscript:`, `file:`… run code or read local files when clicked. Pure (the
 * WHATWG URL parser, also in Node), so the page and its tests agree.
 */
export function safeHref(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  return LINK_SCHEMES.includes(url.protocol) ? url.href : undefined;
}
