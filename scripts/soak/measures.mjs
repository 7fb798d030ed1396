// What the soak run measures: the backend's memory from /proc, a least-squares trend, the API's JSON
// (waiting out rate limits) and one Prometheus metric.
import { readFileSync } from "node:fs";

/** A process's resident memory in MiB: total, anonymous (heaps, caches) and file-backed (mmap). */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rss: kb("VmRSS"), anon: kb("RssAnon"), file: kb("RssFile") };
}

/** Least-squares slope of `key` (MiB) over t (minutes). */
export function slope(points, key) {
  const n = points.length;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const mr = points.reduce((a, p) => a + p[key], 0) / n;
  const num = points.reduce((a, p) => a + (p.t - mt) * (p[key] - mr), 0);
  const den = points.reduce((a, p) => a + (p.t - mt) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

export async function getJson(url) {
  for (;;) {
    const r = await fetch(url);
    if (r.status === 429) {
      await new Promise((r) => setTimeout(r, Number(r.headers.get("retry-after") ?? "1") * 1000));
      continue;
    }
    return { status: r.status, body: await r.json() };
  }
}

export async function metric(api, name) {
  const text = await (await fetch(`${api}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.split(" ")[1]);
}
