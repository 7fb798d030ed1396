import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

// Test support (the web tests and test/'s demo story): not part of the served app.
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

declare global {
  interface Window {
    axe?: { run(options: object): Promise<{ violations: unknown[] }> };
  }
}

/** One axe-core rule a page breaks, with the elements that break it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs Deque's axe-core (WCAG 2.0/2.1 A and AA rules, best practices) inside the page as it is now
 * and returns the serious and critical violations. axe is evaluated through the DevTools protocol,
 * which the page's Content-Security-Policy does not govern, so the page is audited as served.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    if (!window.axe) throw new Error("axe-core did not load");
    return window.axe.run({
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
  });
  return (
    result.violations as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[]
  )
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
}
