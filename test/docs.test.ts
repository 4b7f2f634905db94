import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import GithubSlugger from "github-slugger";
import markdownIt, { type Token } from "markdown-it";
import { describe, expect, it } from "vitest";

/**
 * The docs stand alone: every relative link and `#anchor` in the repository's Markdown resolves
 * to a file and heading inside the repository, and none cites documents that live outside it.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tracked = execFileSync(
  "git",
  ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
  {
    cwd: root,
    encoding: "utf8",
  },
)
  .split("\0")
  .filter((file) => file !== "" && existsSync(join(root, file)));
const markdownFiles = tracked.filter((file) => file.endsWith(".md"));
const md = markdownIt({ html: true });

/** Every token, inline children included. */
function* walk(tokens: Token[]): Generator<Token> {
  for (const token of tokens) {
    yield token;
    if (token.children) yield* walk(token.children);
  }
}

/** The link targets of a Markdown file, and the anchors its headings (and `<a id>`s) define. */
function parse(file: string): { links: string[]; anchors: Set<string> } {
  const tokens = md.parse(readFileSync(join(root, file), "utf8"), {});
  const slugger = new GithubSlugger();
  const links: string[] = [];
  const anchors = new Set<string>();
  tokens.forEach((token, k) => {
    if (token.type === "heading_open") {
      const text = (tokens[k + 1]?.children ?? []).map((child) => child.content).join("");
      anchors.add(slugger.slug(text));
    }
  });
  for (const token of walk(tokens)) {
    const href = token.attrGet(token.type === "image" ? "src" : "href");
    if (href !== null) links.push(String(href));
    if (token.type === "html_inline" || token.type === "html_block") {
      for (const m of token.content.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g))
        anchors.add(m[1] ?? "");
      for (const m of token.content.matchAll(/\shref="([^"]+)"/g)) links.push(m[1] ?? "");
    }
  }
  return { links, anchors };
}

const parsed = new Map(markdownFiles.map((file) => [file, parse(file)]));
const isDirectory = (path: string) => tracked.some((file) => file.startsWith(`${path}/`));

/** Why a link from `file` does not resolve inside the repository, or null when it does. */
function brokenLink(file: string, href: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return null; // https:, mailto: — outside the check
  const [rawPath = "", anchor] = href.split("#", 2);
  const path = decodeURIComponent(rawPath);
  const target = path === "" ? file : relative(root, resolve(root, dirname(file), path));
  if (target.startsWith("..")) return "points outside the repository";
  const exists = tracked.includes(target) || isDirectory(target) || target === "";
  if (!exists) return `${target} is not in the repository`;
  if (anchor === undefined || anchor === "") return null;
  if (!target.endsWith(".md") || statSync(join(root, target)).isDirectory()) return null;
  const anchors = parsed.get(target)?.anchors ?? new Set();
  return anchors.has(anchor) ? null : `${target} has no heading #${anchor}`;
}

/** Documents that are not in the repository and must not be cited by it. */
const OUTSIDE = [
  /\bSPEC\b/,
  /\bENVIRONMENT\.md\b/,
  /\bSTYLE\.md\b/,
  /\bARCHITECTURE\.md\b/,
  /\bshared\//,
];

describe("documentation", () => {
  it("finds the Markdown files", () => {
    expect(markdownFiles).toContain("README.md");
    expect(markdownFiles).toContain("docs/api.md");
  });

  it("links only to files and headings inside the repository", () => {
    const broken = [...parsed].flatMap(([file, { links }]) =>
      links.flatMap((href) => {
        const why = brokenLink(file, href);
        return why === null ? [] : [`${file}: (${href}) ${why}`];
      }),
    );
    expect(broken).toEqual([]);
  });

  it("cites no document that lives outside the repository", () => {
    const citations = markdownFiles.flatMap((file) =>
      readFileSync(join(root, file), "utf8")
        .split("\n")
        .flatMap((line, k) =>
          OUTSIDE.some((pattern) => pattern.test(line)) ? [`${file}:${k + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(citations).toEqual([]);
  });

  it("catches a broken link, a missing heading and a link out of the repository", () => {
    expect(brokenLink("docs/api.md", "server.md#configuration")).toBeNull();
    expect(brokenLink("docs/api.md", "nowhere.md")).toBe(
      "docs/nowhere.md is not in the repository",
    );
    expect(brokenLink("docs/api.md", "server.md#no-such-heading")).toBe(
      "docs/server.md has no heading #no-such-heading",
    );
    expect(brokenLink("docs/api.md", "#errors")).toBeNull();
    expect(brokenLink("README.md", "../outside.md")).toBe("points outside the repository");
  });
});
