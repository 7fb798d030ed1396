import type { ObjectSummary } from "../../api/index.js";
import { passportPage } from "./passportPage.js";
import { esc } from "./passportView.js";
import { reservePage } from "./reserveMain.js";

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

const page = document.body.dataset.page;
if (page === "list") listPage();
else if (page === "passport") void passportPage(document.body.dataset.object as string);
else if (page === "reserve") void reservePage();
