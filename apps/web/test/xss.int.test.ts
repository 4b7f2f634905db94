import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient } from "./support/api.js";
import { launch, openPage, signIn, type Watch } from "./support/browser.js";
import { ADMIN_TOKEN, startServer, type WebServer } from "./support/server.js";

// Each payload, if it ever ran, would set window.__xss, open a dialog, or fetch another origin.
const PAYLOADS = [
  `<script>window.__xss=1;alert(1)</script>`,
  `<img src=x onerror="window.__xss=2;alert(2)">`,
  `javascript:window.__xss=3;alert(3)`,
  `<svg onload="window.__xss=4;alert(4)"><circle r=1></svg>`,
  `"><iframe src="javascript:alert(5)"></iframe>`,
  `<a href="javascript:alert(6)">click</a>`,
  `<img src="https://evil.invalid/x.png">`,
  `{{constructor.constructor('alert(7)')()}}`,
];
const [script = "", img = "", js = "", svg = "", frame = "", link = "", remote = ""] = PAYLOADS;

const POLICY = `version: xss
rules:
  - id: xss-rule
    match: { tool: "*", contains: "needs-a-person" }
    require_approval: true
    description: ${JSON.stringify(`${img} ${svg}`)}
  - id: deny-all
    match: { tool: "*" }
    deny: true
    description: ${JSON.stringify(`${script} ${js}`)}
`;

let server: WebServer;
let browser: Browser;
const ids: string[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ policy: POLICY }), launch()]);
  const submit = (
    agentId: string,
    tool: string,
    operation: string,
    params: Record<string, unknown>,
  ) => adminClient(server.url, agentId).submitAction({ tool, operation, params });
  const pending = await submit(img, svg, frame, {
    "needs-a-person": true,
    [script]: js,
    [link]: [remote, { [svg]: frame }],
    bidi: "safe\u202Etxt.exe",
    zero: "a\u200bb",
    control: "line1\nline2\u0007",
  });
  ids.push(pending.id);
  const denied = await submit(script, link, js, { payload: PAYLOADS.join(" ") });
  ids.push(denied.id);
  const decided = await submit(remote, img, script, { "needs-a-person": 1 });
  await adminClient(server.url).denyAction(decided.id, { reason: `${img} ${script} ${link}` });
  ids.push(decided.id);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function expectClean(page: Page, watch: Watch) {
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(watch.problems).toEqual([]);
  // No element that could run a payload was created from data.
  expect(await page.locator("main iframe, main img, main a[href^='javascript:']").count()).toBe(0);
}

describe("hostile actions, reasons and rule descriptions", { timeout: 120_000 }, () => {
  it("are shown as text in the table, drawer, timeline, overview, policy and ledger pages", async () => {
    const { context, page, watch } = await openPage(browser, server.url);
    try {
      await signIn(page, server.url, ADMIN_TOKEN);
      for (const id of ids) await page.locator(`[data-action-id="${id}"]`).waitFor();
      await expect.poll(() => page.getByText(img).count()).toBeGreaterThan(0);
      for (const id of ids) {
        await page.goto(`${server.url}/actions/${id}`);
        const drawer = page.getByTestId("action-drawer");
        await drawer.getByTestId("verification").waitFor();
        await drawer.getByRole("list", { name: "Timeline" }).waitFor();
        await expectClean(page, watch);
      }
      // The first action's hidden characters are marked, not rendered.
      await page.goto(`${server.url}/actions/${ids[0]}`);
      const params = page.getByRole("figure", { name: "Params" });
      await params.waitFor();
      for (const marker of ["U+202E", "U+200B", "\\n", "U+0007"])
        expect(await params.getByText(marker, { exact: true }).count()).toBeGreaterThan(0);
      await page.goto(`${server.url}/actions/${ids[2]}`);
      await page.getByTestId("timeline-reason").filter({ hasText: img }).first().waitFor();
      for (const path of ["/overview", "/policy", "/ledger"]) {
        await page.goto(`${server.url}${path}`);
        await page.getByRole("heading", { level: 1 }).waitFor();
        await page
          .getByRole("status")
          .filter({ hasText: "Loading" })
          .waitFor({ state: "detached" });
      }
      await page.getByRole("link", { name: "Policy" }).click();
      await page.getByText(`${img} ${svg}`).first().waitFor();
      await page.getByRole("link", { name: "Overview" }).click();
      await page.getByRole("img", { name: /Decisions over the last/ }).waitFor();
      await expectClean(page, watch);
    } finally {
      await context.close();
    }
  });

  it("run nothing even when pasted as a token", async () => {
    const { context, page, watch } = await openPage(browser, server.url);
    try {
      await page.goto(server.url);
      await page.getByLabel("Token").fill(img);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").filter({ hasText: "refused" }).waitFor();
      await expectClean(page, watch);
    } finally {
      await context.close();
    }
  });
});
