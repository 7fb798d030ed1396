import type { Passport, SeriesItem } from "../../api/index.js";
import { verifyBadge } from "./badge.js";
import { renderBilling } from "./billingView.js";
import type { Reading } from "./format.js";
import { LiveState, RANGES } from "./liveState.js";
import { renderPassport, statementsText } from "./passportView.js";

const $ = (id: string) => document.getElementById(id) as HTMLElement;

/**
 * The passport page: the passport, the latest state and device health, charts over a chosen window
 * (hour / day / week / all, paged earlier and later) from `/series`, billing, live updates over
 * server-sent events, and the verification badge. `data-loaded` on the chart says which window
 * is drawn (tests wait for it).
 */
export async function passportPage(id: string): Promise<void> {
  let passport = (await (await fetch(`/v1/objects/${id}`)).json()) as Passport;
  // The history's size, exactly, however events arrive: the statements outside the device chain
  // (from the passport, refetched when one arrives) plus the device chain's head seq.
  let owned = passport.counts.statements - passport.counts.device;
  let headSeq = passport.counts.device;
  const count = () => owned + headSeq;
  let seen = lastIndex(passport);
  renderPassport(passport, count());
  void renderBilling(id, passport.tariffs.length > 0);
  const live = new LiveState();
  if (passport.state) live.add(passport.state.ts, passport.state.readings);
  let range = "hour";
  let end: number | undefined; // undefined: the window ends now and follows the live readings
  let loading = 0;
  const load = async () => {
    const n = ++loading;
    const span = RANGES[range] as number | "all";
    const t1 = end ?? Date.now();
    // The window never starts before the avatar existed: a new avatar's hour is its lifetime so far.
    const t0 =
      span === "all" ? passport.created.ts : Math.max(t1 - span, end === undefined ? passport.created.ts : 0);
    const res = await fetch(
      `/v1/objects/${id}/series?from=${Math.max(0, Math.floor(t0))}&to=${Math.ceil(t1) + 1}`,
    );
    const body = (await res.json()) as { items: SeriesItem[]; sampled: boolean };
    if (n !== loading) return;
    live.reset({ t0, t1, live: end === undefined });
    for (const e of body.items) {
      live.add(e.ts, e.readings);
      seen = Math.max(seen, e.index);
      headSeq = Math.max(headSeq, e.seq); // read after the passport: the SSE replay starts after it
    }
    const c = document.getElementById("count");
    if (c) c.textContent = statementsText(count());
    live.render();
    const chart = $("chart");
    chart.dataset.loaded = `${range}:${end === undefined ? "live" : "past"}`;
    chart.dataset.sampled = String(body.sampled);
    $("later").toggleAttribute("disabled", end === undefined);
    $("earlier").toggleAttribute("disabled", span === "all");
  };
  const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>("button[data-range]"));
  for (const b of buttons) {
    b.addEventListener("click", () => {
      range = b.dataset.range as string;
      end = undefined;
      for (const o of buttons) o.setAttribute("aria-pressed", String(o === b));
      void load();
    });
  }
  const page = (dir: -1 | 1) => {
    const span = RANGES[range];
    if (typeof span !== "number") return;
    const next = (end ?? Date.now()) + dir * span;
    end = next >= Date.now() ? undefined : next;
    void load();
  };
  $("earlier").addEventListener("click", () => page(-1));
  $("later").addEventListener("click", () => page(1));
  await load();
  let resized: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener("resize", () => {
    clearTimeout(resized);
    resized = setTimeout(() => live.render(), 200);
  });
  const badge = $("badge");
  const note = $("verification");
  void verifyBadge(id, badge, note, passport.anchor);
  const events = new EventSource(`/v1/objects/${id}/events?after=${seen}`);
  let reverify: ReturnType<typeof setTimeout> | undefined;
  let rebill: ReturnType<typeof setTimeout> | undefined;
  events.addEventListener("statement", (ev) => {
    const e = JSON.parse((ev as MessageEvent<string>).data) as {
      kind: string;
      ts: number;
      statement: { readings?: Record<string, Reading>; seq?: number };
    };
    const seq = e.statement.seq;
    if (seq !== undefined) {
      headSeq = Math.max(headSeq, seq);
      const c = document.getElementById("count");
      if (c) c.textContent = statementsText(count());
    }
    if (e.kind === "state" && e.statement.readings) {
      live.add(e.ts, e.statement.readings);
      live.render();
    } else if (seq === undefined) {
      void (async () => {
        passport = (await (await fetch(`/v1/objects/${id}`)).json()) as Passport;
        owned = passport.counts.statements - passport.counts.device;
        headSeq = Math.max(headSeq, passport.counts.device);
        renderPassport(passport, count());
      })();
    }
    if (e.kind === "usage" || e.kind === "event" || e.kind === "tariff") {
      clearTimeout(rebill);
      rebill = setTimeout(() => void renderBilling(id, passport.tariffs.length > 0), 500);
    }
    clearTimeout(reverify);
    reverify = setTimeout(() => void verifyBadge(id, badge, note, passport.anchor), 2000);
  });
}

/** The log index up to which the page has read: the latest state, or the passport's newest entry. */
function lastIndex(p: Passport): number {
  const idx = [p.created.index, p.state?.index ?? -1, ...p.owners.map((o) => o.index)];
  for (const d of p.documents) idx.push(d.index);
  for (const e of p.events) idx.push(e.index);
  for (const w of p.warranties) idx.push(w.issued.index, ...w.claims.map((c) => c.index));
  return Math.max(...idx);
}
