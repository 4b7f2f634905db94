import { readFileSync } from "node:fs";
import type { Command } from "@oclif/core";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../src/commands.js";

/**
 * docs/cli.md cannot drift from the command registry: every command has its section with each
 * of its flags, every flag a command inherits is in "Global flags", and every `faramesh …`
 * example in the docs runs a command that exists, with flags it takes.
 */
const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");
const doc = read("docs/cli.md");
const EXAMPLE_FILES = ["docs/cli.md", "README.md", "packages/cli/README.md"];

type Entry = { id: string; words: string; command: Command.Class };
const entries: Entry[] = Object.entries(COMMANDS).map(([id, command]) => ({
  id,
  words: id.replaceAll(":", " "),
  command,
}));

/** Each `### \`faramesh …\`` section's text, by its command (the words before any `<arg>`). */
function sections(): Map<string, string> {
  const found = new Map<string, string>();
  const parts = doc.split(/^(?=#{1,3} )/m);
  for (const part of parts) {
    const heading = /^### `faramesh ([a-z- ]+?)(?: [<[].*)?`/.exec(part);
    if (heading?.[1] !== undefined) found.set(heading[1], part);
  }
  return found;
}

const ownFlags = (command: Command.Class) => Object.keys(command.flags ?? {});
const inheritedFlags = (command: Command.Class) => [
  ...Object.keys(command.baseFlags ?? {}),
  ...(command.enableJsonFlag ? ["json"] : []),
];

/** Every name a command answers to, with the flags (and their aliases and chars) it accepts. */
function accepted(entry: Entry): Set<string> {
  const flags = { ...entry.command.baseFlags, ...entry.command.flags };
  const names = ["--help", "--json"];
  for (const [name, flag] of Object.entries(flags)) {
    names.push(`--${name}`, ...(flag.aliases ?? []).map((a) => `--${a}`));
    if (flag.char !== undefined) names.push(`-${flag.char}`);
  }
  return new Set(names);
}

/** The `faramesh …` command lines inside the sh code blocks of a Markdown file. */
function examples(markdown: string): string[] {
  const lines: string[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of (block[1] ?? "").split("\n")) {
      const code = line.replace(/\s+#.*$/, "");
      const at = code.search(/(?:^|[\s|(])faramesh /);
      if (at >= 0) lines.push(code.slice(at).trim());
    }
  }
  return lines;
}

describe("docs/cli.md", () => {
  const bySection = sections();

  it.each(entries.map((e) => [e.words, e] as const))(
    "documents `faramesh %s` and its flags",
    (_, entry) => {
      const section = bySection.get(entry.words);
      expect(
        section,
        `docs/cli.md needs a "### \`faramesh ${entry.words}\`" section`,
      ).toBeDefined();
      for (const flag of ownFlags(entry.command))
        expect(section, `the ${entry.words} section must mention --${flag}`).toContain(`--${flag}`);
      expect(
        examples(section ?? "").length,
        `the ${entry.words} section needs an example`,
      ).toBeGreaterThan(0);
    },
  );

  it("documents every inherited flag under Global flags", () => {
    const global = /^## Global flags\n([\s\S]*?)^## /m.exec(doc)?.[1] ?? "";
    const inherited = new Set(entries.flatMap((e) => inheritedFlags(e.command)));
    expect(inherited.size).toBeGreaterThan(0);
    for (const flag of inherited)
      expect(global, `Global flags must list --${flag}`).toContain(`--${flag}`);
  });

  it("has no section for a command that does not exist", () => {
    const known = new Set(entries.map((e) => e.words));
    expect([...sections().keys()].filter((words) => !known.has(words))).toEqual([]);
  });

  it.each(EXAMPLE_FILES)("runs only existing commands with their own flags in %s", (file) => {
    const byWords = new Map<string, Entry>();
    for (const entry of entries) {
      byWords.set(entry.words, entry);
      for (const alias of entry.command.aliases ?? [])
        byWords.set(alias.replaceAll(":", " "), entry);
    }
    const problems: string[] = [];
    const lines = examples(read(file));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const words = line.split(/\s+/).slice(1);
      if (words[0] === "--version" || words[0] === "--help") continue;
      const entry = byWords.get(words.slice(0, 2).join(" ")) ?? byWords.get(words[0] ?? "");
      if (entry === undefined) {
        problems.push(`${line}: no such command`);
        continue;
      }
      const flags = accepted(entry);
      for (const word of words) {
        if (word === "|") break;
        const flag = /^(--?[a-z][a-z-]*)/.exec(word)?.[1];
        if (flag !== undefined && !flags.has(flag))
          problems.push(`${line}: ${flag} is not a flag of ${entry.words}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
