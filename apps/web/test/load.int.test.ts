import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient } from "./support/api.js";
import { launch, openPage, SCREENSHOTS, signIn } from "./support/browser.js";
import { ADMIN_TOKEN, startServer, type WebServer } from "./support/server.js";

const RATE = 50; // actions per second
const SECONDS = 20;

let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const percentile = (sorted: number[], p: number) =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/**
 * A benchmark-like figure, recorded in apps/web/README.md: submit → row in the open table.
 * The assertions are deliberately loose (a loaded 2-core machine must never fail them); the
 * numbers are printed and written to test-results/load.json.
 */
describe("live load", { timeout: 180_000 }, () => {
  it(`shows ${RATE} actions a second for ${SECONDS} s in the open table, and stays responsive`, async () => {
    const { context, page, watch } = await openPage(browser, server.url);
    try {
      await signIn(page, server.url, ADMIN_TOKEN);
      await page.locator('[data-connection="live"]').waitFor();
      await page.evaluate(() => {
        const state = window as unknown as { __seen: Record<string, number>; __lag: number[] };
        state.__seen = {};
        state.__lag = [];
        new MutationObserver(() => {
          const now = Date.now();
          for (const row of document.querySelectorAll("tr[data-action-id]")) {
            const id = row.getAttribute("data-action-id") ?? "";
            state.__seen[id] ??= now;
          }
        }).observe(document.body, { childList: true, subtree: true });
        let last = performance.now();
        setInterval(() => {
          const now = performance.now();
          state.__lag.push(now - last - 100);
          last = now;
        }, 100);
      });
      const client = adminClient(server.url, "load-bot");
      const sent = new Map<string, number>();
      const failures: string[] = [];
      const started = Date.now();
      const batches: Promise<void>[] = [];
      // Every 100 ms, a tenth of a second's actions, on a fixed schedule (no drift).
      for (let tick = 0; tick < SECONDS * 10; tick++) {
        const due = started + tick * 100;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
        for (let k = 0; k < RATE / 10; k++) {
          const at = Date.now();
          batches.push(
            client
              .submitAction({
                tool: "http",
                operation: "get",
                params: { url: `https://example.com/${tick}/${k}` },
              })
              .then((action) => void sent.set(action.id, at))
              .catch((error: unknown) => void failures.push(String(error))),
          );
        }
      }
      await Promise.all(batches);
      // Responsive while the rows keep coming: the key help opens.
      const keyAt = Date.now();
      await page.keyboard.press("?");
      await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor({ timeout: 15_000 });
      const keyMs = Date.now() - keyAt;
      await page.keyboard.press("Escape");
      await page.waitForTimeout(3_000); // stragglers
      const { seen, lag } = await page.evaluate(() => {
        const state = window as unknown as { __seen: Record<string, number>; __lag: number[] };
        return { seen: state.__seen, lag: state.__lag };
      });
      const latencies = [...sent]
        .filter(([id]) => seen[id] !== undefined)
        .map(([id, at]) => (seen[id] ?? 0) - at)
        .sort((a, b) => a - b);
      const lags = lag.sort((a, b) => a - b);
      const result = {
        submitted: sent.size,
        failed: failures.length,
        seen: latencies.length,
        p50_ms: percentile(latencies, 50),
        p95_ms: percentile(latencies, 95),
        max_ms: latencies.at(-1),
        main_thread_lag_p95_ms: Math.round(percentile(lags, 95)),
        key_help_ms: keyMs,
      };
      console.log(`live load: ${JSON.stringify(result)}`);
      mkdirSync(SCREENSHOTS, { recursive: true });
      writeFileSync(join(SCREENSHOTS, "load.json"), `${JSON.stringify(result, null, 2)}\n`);
      expect(failures).toEqual([]);
      expect(sent.size).toBe(RATE * SECONDS);
      expect(result.seen).toBeGreaterThanOrEqual(sent.size * 0.9);
      expect(result.p95_ms).toBeLessThan(10_000);
      expect(watch.problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
