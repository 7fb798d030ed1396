import type { ObjectSummary } from "../../api/objectIndex.js";
import type { Passport } from "../../api/passport.js";
import { verifyBadge } from "./badge.js";
import { LiveState, renderPassport } from "./passportView.js";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const $ = (id: string) => document.getElementById(id) as HTMLElement;

/** The list page: search as you type over `/v1/objects`. */
function listPage(): void {
  const input = $("q") as HTMLInputElement;
  let seq = 0;
  const load = async () => {
    const n = ++seq;
    const res = await fetch(`/v1/objects?limit=100&q=${encodeURIComponent(input.value)}`);
    const page = (await res.json()) as { total: number; items: ObjectSummary[] };
    if (n !== seq) return;
    $("count").textContent = `${page.items.length} shown of ${page.total} avatars`;
    $("objects").innerHTML = page.items
      .map(
        (o) =>
          `<li><a href="/o/${o.id}"><b>${esc(o.name ?? o.class)}</b></a> <span class="muted">${esc([o.class, o.model, o.manufacturer].filter(Boolean).join(" · "))}</span><br><span class="mono muted">${o.id}</span></li>`,
      )
      .join("");
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load(), 150);
  });
  void load();
}

/** The passport page: the passport, the state history as charts, live updates over SSE, the badge. */
async function passportPage(id: string): Promise<void> {
  const refresh = async () => renderPassport((await (await fetch(`/v1/objects/${id}`)).json()) as Passport);
  const passport = (await (await fetch(`/v1/objects/${id}`)).json()) as Passport;
  renderPassport(passport);
  const live = new LiveState();
  let after = -1;
  let last = passport.created.index;
  for (let pages = 0; pages < 20; pages++) {
    const res = await fetch(
      `/v1/objects/${id}/history?kind=state&limit=1000${after < 0 ? "" : `&after=${after}`}`,
    );
    const page = (await res.json()) as {
      items: {
        index: number;
        ts: number;
        statement: { readings: Record<string, { v: unknown; u?: string }> };
      }[];
      next?: number;
    };
    for (const e of page.items) {
      live.add(e.ts, e.statement.readings);
      last = Math.max(last, e.index);
    }
    if (page.next === undefined) break;
    after = page.next;
  }
  live.render();
  const badge = $("badge");
  const note = $("verification");
  void verifyBadge(id, badge, note);
  const events = new EventSource(`/v1/objects/${id}/events?after=${last}`);
  let reverify: ReturnType<typeof setTimeout> | undefined;
  events.addEventListener("statement", (ev) => {
    const e = JSON.parse((ev as MessageEvent<string>).data) as {
      kind: string;
      ts: number;
      statement: { readings?: Record<string, { v: unknown; u?: string }> };
    };
    if (e.kind === "state" && e.statement.readings) {
      live.add(e.ts, e.statement.readings);
      live.render();
    } else void refresh();
    clearTimeout(reverify);
    reverify = setTimeout(() => void verifyBadge(id, badge, note), 2000);
  });
}

const page = document.body.dataset.page;
if (page === "list") listPage();
else if (page === "passport") void passportPage(document.body.dataset.object as string);
