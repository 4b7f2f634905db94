import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, roleToken } from "./support/api.js";
import { launch, openPage, signIn } from "./support/browser.js";
import { POLICY, startServer, type WebServer } from "./support/server.js";

let server: WebServer;
let browser: Browser;
let approver: string;

// The shared test policy, with a rule that denies `sudo` before shell commands go to approval.
const WITH_SUDO_DENIED = POLICY.replace(
  "rules:\n",
  `rules:
  - id: no-sudo
    match: { tool: shell, contains: sudo }
    deny: true
    description: Never sudo
`,
);

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ policy: WITH_SUDO_DENIED }), launch()]);
  approver = await roleToken(server.url, "approver", "alice");
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shell = (cmd: string, agentId = "ops-bot") =>
  adminClient(server.url, agentId).submitAction({
    tool: "shell",
    operation: "run",
    params: { cmd },
  });

/** Opens the action's approve dialog from its deep link. */
async function approveDialog(page: Page, id: string) {
  await signIn(page, server.url, approver, `/actions/${id}`);
  await page.getByTestId("action-drawer").getByRole("button", { name: "Approve" }).click();
  const dialog = page.getByRole("dialog", { name: "Approve this action?" });
  await dialog.getByTestId("confirm-hash").waitFor();
  return dialog;
}

// Browser steps on a busy 2-core machine: generous per-test time, never a speed assertion.
describe("approving with edits and grants in Chromium", { timeout: 90_000 }, () => {
  it("approves an edited call: the agent receives the edited params", async () => {
    const action = await shell("rm -rf ./build");
    const { context, page, watch } = await openPage(browser, server.url);
    try {
      const dialog = await approveDialog(page, action.id);
      await dialog.getByLabel("Edit the params before approving").check();
      await dialog.getByLabel(/Edited params/).fill('{"cmd": "rm -rf ./build/cache"}');
      await dialog.getByRole("button", { name: "Approve", exact: true }).click();
      await dialog.waitFor({ state: "detached" });
      const approved = await adminClient(server.url).getAction(action.id);
      expect(approved.status).toBe("approved");
      expect(approved.params).toEqual({ cmd: "rm -rf ./build/cache" });
      expect(approved.request_hash).not.toBe(action.request_hash);
      expect(watch.problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("keeps the action pending when the edit is not JSON or the policy denies it", async () => {
    const action = await shell("ls /root");
    const { context, page } = await openPage(browser, server.url);
    try {
      const dialog = await approveDialog(page, action.id);
      await dialog.getByLabel("Edit the params before approving").check();
      const edited = dialog.getByLabel(/Edited params/);
      await edited.fill('{"cmd": "ls /root"');
      await dialog.getByRole("button", { name: "Approve", exact: true }).click();
      await dialog.getByTestId("decide-refusal").filter({ hasText: "not valid JSON" }).waitFor();
      await edited.fill('{"cmd": "sudo ls /root"}');
      await dialog.getByRole("button", { name: "Approve", exact: true }).click();
      await dialog.getByTestId("decide-refusal").filter({ hasText: "Never sudo" }).waitFor();
      const still = await adminClient(server.url).getAction(action.id);
      expect(still.status).toBe("pending_approval");
      expect(still.params).toEqual({ cmd: "ls /root" });
    } finally {
      await context.close();
    }
  });

  it("remembers an approval, lists the grant, and revoking it brings approval back", async () => {
    const first = await shell("npm test", "ci-bot");
    const { context, page, watch } = await openPage(browser, server.url);
    try {
      const dialog = await approveDialog(page, first.id);
      await dialog.getByLabel("Don't ask again: remember this approval").check();
      await dialog.getByLabel("For", { exact: true }).selectOption("7d");
      await dialog.getByLabel(/At most/).fill("5");
      await dialog.getByRole("button", { name: "Approve", exact: true }).click();
      await dialog.waitFor({ state: "detached" });

      const second = await shell("npm test", "ci-bot");
      expect(second.status).toBe("allowed");
      expect(second.reason_code).toBe("GRANT_ALLOW");
      const grantId = String(second.reason_details.grant_id);

      await page.goto(`${server.url}/actions/${second.id}`);
      await page.getByTestId("drawer-grant").click();
      const grant = page.locator(`[data-grant-id="${grantId}"]`);
      await grant.waitFor();
      expect(await grant.getAttribute("data-grant-status")).toBe("active");
      expect(await grant.textContent()).toContain("1 of 5");
      await grant.getByRole("button", { name: /^Revoke/ }).click();
      await grant.getByRole("button", { name: /^Confirm: revoke/ }).click();
      await page.locator(`[data-grant-id="${grantId}"][data-grant-status="revoked"]`).waitFor();

      const third = await shell("npm test", "ci-bot");
      expect(third.status).toBe("pending_approval");
      expect(watch.problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("says who denied a call and that the agent should not retry it", async () => {
    const action = await shell("shutdown -h now");
    await adminClient(server.url).denyAction(action.id, { reason: "not during business hours" });
    const { context, page, watch } = await openPage(browser, server.url);
    try {
      await signIn(page, server.url, approver, `/actions/${action.id}`);
      const denial = page.getByTestId("drawer-denial");
      await denial.filter({ hasText: "not during business hours" }).waitFor();
      expect(await denial.textContent()).toMatch(/person/i);
      expect(await denial.textContent()).toMatch(/not to retry/i);
      expect(watch.problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
