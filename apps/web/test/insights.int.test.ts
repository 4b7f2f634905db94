import { join } from "node:path";
import type { Browser, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, roleToken } from "./support/api.js";
import { launch, openPage, SCREENSHOTS, signIn } from "./support/browser.js";
import { startServer, type WebServer } from "./support/server.js";

let server: WebServer;
let browser: Browser;
let approver: string;
let viewer: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  approver = await roleToken(server.url, "approver", "alice");
  viewer = await roleToken(server.url, "viewer", "vera");
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Submits a shell command (the shell rule asks a person) and approves it, `n` times. */
async function approveRepeatedly(n: number, agentId = "ci-bot", cmd = "npm test") {
  const bot = adminClient(server.url, agentId);
  for (let i = 0; i < n; i++) {
    const action = await bot.submitAction({ tool: "shell", operation: "run", params: { cmd } });
    await bot.approveAction(action.id, { requestHash: action.request_hash });
  }
}

const INSIGHTS = "**/v1/insights/approvals*";

// Browser steps on a busy 2-core machine: generous per-test time, never a speed assertion.
describe("the Insights page in Chromium", { timeout: 90_000 }, () => {
  it("is in the navigation, shows loading, then the empty state", async () => {
    const { context, page, watch } = await openPage(browser, server.url);
    try {
      await signIn(page, server.url, approver);
      // Hold the answer until the loading state has been seen.
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route(INSIGHTS, async (route: Route) => {
        await held;
        await route.continue();
      });
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Insights" })
        .click();
      await page.getByRole("status").filter({ hasText: "Reading the ledger" }).waitFor();
      release();
      await page.getByText("No approvals, denials or expiries in this window").waitFor();
      await page.getByText("Nothing to suggest").waitFor();
      expect(await page.getByRole("link", { name: "Insights" }).getAttribute("aria-current")).toBe(
        "page",
      );
      expect(watch.problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("says when insights cannot load, and loads them again on retry", async () => {
    const { context, page, watch } = await openPage(browser, server.url);
    try {
      await page.route(INSIGHTS, (route: Route) =>
        route.fulfill({
          status: 503,
          contentType: "application/json",
          body: JSON.stringify({ detail: "The database is unavailable", code: "UNAVAILABLE" }),
        }),
      );
      await signIn(page, server.url, approver, "/insights");
      const alert = page.getByRole("alert").filter({ hasText: "Could not load insights" });
      await alert.waitFor();
      await page.unroute(INSIGHTS);
      await alert.getByRole("button", { name: "Try again" }).click();
      await page.getByText("Approvals per rule").waitFor();
      expect(await alert.count()).toBe(0);
      expect(watch.problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows each rule's answers and a suggestion, and says so when the server has no grants", async () => {
    await approveRepeatedly(5);
    const { context, page, watch } = await openPage(browser, server.url);
    try {
      await signIn(page, server.url, approver, "/insights");
      const rule = page.locator('[data-rule-id="shell"]');
      await rule.waitFor();
      expect((await rule.locator("td").allTextContents()).slice(1, 5)).toEqual([
        "5",
        "0",
        "0",
        "100%",
      ]);
      const suggestion = page.locator('[data-suggestion="request"]').filter({ hasText: "ci-bot" });
      await suggestion.waitFor();
      expect(await suggestion.textContent()).toContain(
        "you approved `shell run npm test` for agent ci-bot 5 times this week — allow it for 7 days?",
      );

      await page.screenshot({
        path: join(SCREENSHOTS, "insights-light-desktop.png"),
        fullPage: true,
      });

      // A server without standing grants answers POST /v1/grants with its 404 envelope.
      const sent: unknown[] = [];
      await page.route("**/v1/grants", async (route: Route) => {
        sent.push(route.request().postDataJSON());
        await route.fulfill({
          status: 404,
          contentType: "application/json",
          body: JSON.stringify({ detail: "No such route", code: "NOT_FOUND" }),
        });
      });
      await suggestion.getByRole("button", { name: "Allow for 7 days…" }).click();
      const dialog = page.getByRole("dialog");
      expect(await dialog.getByTestId("grant-scope").textContent()).toMatch(
        /^only request [0-9a-f]{64}$/,
      );
      await dialog.getByRole("button", { name: "Create grant" }).click();
      await dialog
        .getByRole("alert")
        .filter({ hasText: "This server does not offer standing grants yet" })
        .waitFor();
      expect(sent).toEqual([
        {
          agent_id: "ci-bot",
          tool: "shell",
          operation: "run",
          request_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          ttl: "7d",
          reason: "approved 5 times this week, never denied (insights)",
        },
      ]);
      await page.screenshot({ path: join(SCREENSHOTS, "insights-grant-refused.png") });
      await dialog.getByRole("button", { name: "Cancel" }).click();
      expect(await suggestion.getByRole("button", { name: "Allow for 7 days…" }).count()).toBe(1);

      // Once the server takes the grant, the suggestion says it is allowed.
      await page.unroute("**/v1/grants");
      await page.route("**/v1/grants", (route: Route) =>
        route.fulfill({ status: 201, contentType: "application/json", body: "{}" }),
      );
      await suggestion.getByRole("button", { name: "Allow for 7 days…" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Create grant" }).click();
      await suggestion.getByRole("status").filter({ hasText: "Allowed for 7 days" }).waitFor();
      expect(watch.problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows a hostile agent id and command in a suggestion as text", async () => {
    const agent = '<img src=x onerror="window.__xss=1">';
    await approveRepeatedly(5, agent, "<script>window.__xss=2</script>\u202e");
    const { context, page, watch } = await openPage(browser, server.url);
    try {
      await signIn(page, server.url, approver, "/insights");
      const hostile = page.locator('[data-suggestion="request"]').filter({ hasText: agent });
      await hostile.waitFor();
      expect(await hostile.textContent()).toContain(
        "`shell run <script>window.__xss=2</script>\\u{202E}`",
      );
      await hostile.getByRole("button", { name: "Allow for 7 days…" }).click();
      await page.getByRole("dialog").getByText(agent).waitFor();
      expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(await page.locator("img").count()).toBe(0);
      expect(watch.problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows a viewer the suggestions without the button", async () => {
    await approveRepeatedly(5, "view-bot");
    const { context, page, watch } = await openPage(browser, server.url);
    try {
      await signIn(page, server.url, viewer, "/insights");
      const suggestion = page
        .locator('[data-suggestion="request"]')
        .filter({ hasText: "view-bot" });
      await suggestion.waitFor();
      expect(await suggestion.getByRole("button").count()).toBe(0);
      expect(await suggestion.textContent()).toContain("An approver can allow it");
      expect(watch.problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
