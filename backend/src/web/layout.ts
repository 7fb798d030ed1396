/** Escapes text for HTML element content and attribute values. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The pages' one stylesheet, served as `/assets/app.css` (the CSP allows no inline styles). */
export const CSS = `
:root{--fg:#1b1f24;--muted:#5b6570;--line:#d9dee3;--ok:#137333;--bad:#b3261e;--accent:#1f5fa8}
*{box-sizing:border-box}body{margin:0;overflow-wrap:anywhere;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:#f6f7f9}
header{background:#12263f;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none;font-weight:600}main{max-width:60rem;margin:0 auto;padding:1rem}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem;margin:0 0 1rem}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.1rem;margin:0 0 .5rem}
dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem 1rem;margin:0}dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
table{width:100%;border-collapse:collapse;table-layout:fixed}td,th{text-align:left;padding:.3rem .4rem;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
input[type=search]{width:100%;padding:.6rem;font-size:1rem;border:1px solid var(--line);border-radius:6px}
.badge{display:inline-block;padding:.25rem .7rem;border-radius:999px;font-weight:600;background:#e8eaed;color:var(--muted)}
.badge.ok{background:#e6f4ea;color:var(--ok)}.badge.bad{background:#fce8e6;color:var(--bad)}
.muted{color:var(--muted)}.mono{font-family:ui-monospace,monospace;font-size:.85em;overflow-wrap:anywhere;word-break:break-all}
ul.objects{list-style:none;padding:0;margin:0}ul.objects li{padding:.6rem 0;border-bottom:1px solid var(--line)}
svg.chart{width:100%;height:auto;display:block;margin:.5rem 0}svg.chart .line{fill:none;stroke:var(--accent);stroke-width:2;stroke-linejoin:round}
svg.chart .axis{stroke:var(--muted)}svg.chart .grid{stroke:var(--line)}svg.chart text{font-size:12px;fill:var(--muted)}svg.chart .title{font-size:13px;font-weight:600;fill:var(--fg)}svg.chart .last{fill:var(--accent)}
h3{font-size:1rem;margin:1rem 0 .3rem}.health{margin:.6rem 0;font-size:.9rem}.unit{color:var(--muted)}
.range{display:flex;flex-wrap:wrap;gap:.3rem;margin:.5rem 0}.range button{font:inherit;font-size:.9rem;padding:.35rem .7rem;min-height:2.5rem;border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--fg);cursor:pointer}
.range button[aria-pressed=true]{background:var(--accent);border-color:var(--accent);color:#fff}.range button:disabled{color:var(--muted);cursor:default;opacity:.7}
.status{font-weight:600}.status[data-status=active],.status[data-status=accepted],.status[data-status=closed],.status[data-status=settled]{color:var(--ok)}.status[data-status=void],.status[data-status=rejected],.status[data-status=expired]{color:var(--bad)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}.label-link{margin-left:.5rem}
[hidden]{display:none!important}
.readings{display:flex;flex-wrap:wrap;gap:.5rem}.reading{border:1px solid var(--line);border-radius:6px;padding:.4rem .7rem}
.reading b{font-size:1.3rem}
header nav{display:flex;gap:1rem;flex-wrap:wrap}.alerts{list-style:none;padding:0;margin:.5rem 0 0}.alert{padding:.6rem .8rem;border-radius:6px;margin:.4rem 0;border-left:4px solid}
.alert.ok{background:#e6f4ea;border-color:var(--ok)}.alert.warn{background:#fef7e0;border-color:#b06000}.alert.bad{background:#fce8e6;border-color:var(--bad)}.bad-text{color:var(--bad)}
.equation{border-bottom:1px solid var(--line);padding:.3rem 0}.equation p{margin:.2rem 0}.nums{font-variant-numeric:tabular-nums}
form.pay{display:grid;gap:.6rem;max-width:36rem}form.pay label{display:grid;gap:.2rem;font-weight:600}form.pay input,form.pay select,select#signer{font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:6px;min-height:2.5rem;width:100%}
button.primary{font:inherit;padding:.55rem 1rem;min-height:2.75rem;border:0;border-radius:6px;background:var(--accent);color:#fff;cursor:pointer}button.primary:disabled{opacity:.6;cursor:default}.plan{background:#f1f5fb;border-radius:6px;padding:.6rem .8rem;margin:.5rem 0}.big{font-size:1.6rem;font-weight:700}
.funds{display:grid;gap:.8rem}.fund{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem}.fund.stale{border-color:var(--bad)}.fund h3{margin:0 0 .4rem}@media (max-width:40rem){main{padding:.5rem}dl{grid-template-columns:minmax(0,1fr)}dt{margin-top:.4rem}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:auto}
table.stack tr{border-bottom:1px solid var(--line);padding:.4rem 0}table.stack td{border:0;padding:.15rem 0}table.stack td[data-label]::before{content:attr(data-label);display:block;color:var(--muted);font-size:.85rem}}
`;

/** The HTML shell every page shares: mobile viewport, the stylesheet, header, and the page script. */
export function layout(opts: {
  title: string;
  body: string;
  page: string;
  data?: Record<string, string>;
  /** The page's script (default the common `/assets/app.js`; the wallet has its own, with its signer). */
  script?: string;
}): string {
  const data = Object.entries(opts.data ?? {})
    .map(([k, v]) => ` data-${k}="${esc(v)}"`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(opts.title)}</title><link rel="stylesheet" href="/assets/app.css"></head>
<body data-page="${esc(opts.page)}"${data}>
<header><a href="/">TET Avatars</a><nav aria-label="Main"><a href="/reserve">Reserve</a><a href="/wallet">Wallet</a><a href="/v1/docs">API</a></nav></header>
<main>${opts.body}</main>
<script type="module" src="${esc(opts.script ?? "/assets/app.js")}"></script>
</body></html>`;
}
