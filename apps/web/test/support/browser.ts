import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { WEB_DIR } from "./server.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
export const SCREENSHOTS = join(WEB_DIR, "test-results");

/**
 * Debian's Chromium (ENVIRONMENT.md). Missing, the browser tests fail with the command that
 * installs it: a dashboard nobody has rendered is not tested.
 */
export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** What a page did that it must not: dialogs, CSP violations, errors, other origins. */
export interface Watch {
  problems: string[];
}

/**
 * A fresh context (own storage) and page on `origin`, watched for anything an injected payload
 * or a broken CSP would cause.
 */
export async function openPage(
  browser: Browser,
  origin: string,
  options: { colorScheme?: "light" | "dark"; width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page; watch: Watch }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    colorScheme: options.colorScheme ?? "light",
    permissions: ["clipboard-read", "clipboard-write"],
  });
  const page = await context.newPage();
  const watch: Watch = { problems: [] };
  page.on("dialog", (dialog) => {
    watch.problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    const text = message.text();
    if (/content security policy|refused to (execute|load|apply|connect)/i.test(text))
      watch.problems.push(`csp: ${text}`);
  });
  page.on("pageerror", (error) => watch.problems.push(`pageerror: ${error.message}`));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith("data:") && !url.startsWith("blob:"))
      watch.problems.push(`request to another origin: ${url}`);
  });
  return { context, page, watch };
}

/** Signs in through the login screen with `token`. */
export async function signIn(page: Page, origin: string, token: string, path = "/"): Promise<void> {
  await page.goto(`${origin}${path}`);
  await page.getByLabel("Token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  // By CSS, not role: on a deep link the drawer opens as a modal, which hides the rest of the
  // page from the accessibility tree (the header is still there, and visible).
  await page.locator("[data-connection]").waitFor();
}
