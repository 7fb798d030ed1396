/**
 * GETs `url` and parses its JSON body, reading at most `maxBytes`: the body is read chunk by chunk
 * and the request aborted as soon as it passes the limit, so a hostile or broken peer cannot make
 * this process buffer an answer of any size. Throws an Error saying why (status, timeout, too large,
 * not JSON); callers wrap it in their own error code.
 */
export async function readBoundedJson(
  url: URL,
  o: { maxBytes: number; timeoutMs: number },
): Promise<unknown> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`no answer in ${o.timeoutMs} ms`)), o.timeoutMs);
  try {
    const res = await fetch(url, { signal: abort.signal });
    if (!res.ok || !res.body) throw new Error(`answered ${res.status}`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      const chunk = r.value;
      size += chunk.byteLength;
      if (size > o.maxBytes) {
        abort.abort();
        throw new Error(`answer too large (over ${o.maxBytes} bytes)`);
      }
      chunks.push(chunk);
    }
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } finally {
    clearTimeout(timer);
  }
}
