import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient } from "./support/api.js";
import { launch, openPage, SCREENSHOTS, signIn } from "./support/browser.js";
import { ADMIN_TOKEN, startServer, type WebServer } from "./support/server.js";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let server: WebServer;
let browser: Browser;
let pendingId = "";

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  const client = adminClient(server.url, "a11y-bot");
  await client.submitAction({
    tool: "http",
    operation: "get",
    params: { url: "https://example.com/a" },
  });
  await client.submitAction({ tool: "email", operation: "send", params: { to: "x@example.com" } });
  const pending = await client.submitAction({
    tool: "shell",
    operation: "run",
    params: { cmd: "kubectl rollout restart deploy/api", note: "rotate \u202Ekeys" },
  });
  pendingId = pending.id;
  const denied = await client.submitAction({
    tool: "shell",
    operation: "run",
    params: { cmd: "rm -rf /" },
  });
  await client.denyAction(denied.id, { reason: "not during the freeze" });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** axe-core, evaluated through the debugging protocol (no script tag: the page's CSP stays strict). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(): Promise<{
            violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const VIEWS = [
  {
    name: "inbox",
    path: "/",
    ready: (page: Page) => page.locator("[data-action-id]").first().waitFor(),
  },
  {
    name: "drawer",
    path: () => `/actions/${pendingId}`,
    ready: (page: Page) => page.getByTestId("verification").waitFor(),
  },
  {
    name: "overview",
    path: "/overview",
    ready: (page: Page) => page.getByRole("img", { name: /Decisions over the last/ }).waitFor(),
  },
  {
    name: "insights",
    path: "/insights",
    ready: (page: Page) => page.getByTestId("insight-rules").waitFor(),
  },
  {
    name: "grants",
    path: "/grants",
    ready: (page: Page) =>
      page
        .getByText("No grants yet")
        .or(page.getByRole("table", { name: "Grants" }))
        .waitFor(),
  },
  {
    name: "notifications",
    path: "/notifications",
    ready: (page: Page) =>
      page
        .getByText("No notifications yet")
        .or(page.getByRole("table", { name: "Deliveries" }))
        .waitFor(),
  },
];

describe("accessibility and screenshots", { timeout: 180_000 }, () => {
  for (const theme of ["light", "dark"] as const) {
    it(`finds no serious or critical axe violations on the inbox, drawer, overview, insights, grants and notifications (${theme})`, async () => {
      const { context, page, watch } = await openPage(browser, server.url, { colorScheme: theme });
      try {
        await signIn(page, server.url, ADMIN_TOKEN);
        expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(
          theme === "dark",
        );
        const found: string[] = [];
        for (const view of VIEWS) {
          const path = typeof view.path === "function" ? view.path() : view.path;
          await page.goto(`${server.url}${path}`);
          await view.ready(page);
          await page.screenshot({
            path: join(SCREENSHOTS, `${view.name}-${theme}-desktop.png`),
            fullPage: true,
          });
          found.push(...(await seriousViolations(page)).map((v) => `${view.name}: ${v}`));
        }
        expect(found).toEqual([]);
        expect(watch.problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it("stays readable at 375 px wide, in both themes (screenshots)", async () => {
    for (const theme of ["light", "dark"] as const) {
      const { context, page } = await openPage(browser, server.url, {
        colorScheme: theme,
        width: 375,
        height: 812,
      });
      try {
        await signIn(page, server.url, ADMIN_TOKEN);
        for (const view of VIEWS) {
          const path = typeof view.path === "function" ? view.path() : view.path;
          await page.goto(`${server.url}${path}`);
          await view.ready(page);
          // Nothing sideways: the page is no wider than the phone.
          expect(
            await page.evaluate(() => document.documentElement.scrollWidth),
          ).toBeLessThanOrEqual(375);
          await page.screenshot({
            path: join(SCREENSHOTS, `${view.name}-${theme}-375.png`),
            fullPage: true,
          });
        }
      } finally {
        await context.close();
      }
    }
  });
});
