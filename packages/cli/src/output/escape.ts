import { randomUUID } from "node:crypto";

// Controls (C0, C1, DEL), format characters (bidi overrides, zero-width), line and paragraph
// separators and default-ignorable code points: anything that could move the cursor, start an
// escape sequence or reorder what a reviewer sees.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function hex(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Text an agent or a person sent, made safe for a terminal: every control, escape and bidi
 * character is shown as a visible escape (`\u001b`, `\u202e`, `\n`), so it cannot rewrite
 * the screen.
 *
 * @example
 * visible("ok\u001b[2J") // "ok\\u001b[2J"
 */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (char) => NAMED[char] ?? hex(char));
}

/**
 * JSON for people and machines: `JSON.stringify` escapes C0 controls but leaves C1 controls,
 * bidi overrides and U+2028 raw; those are written as `\uXXXX`, which parses to the same value.
 */
export function safeJson(value: unknown, indent = 2): string {
  // Big integers (parsed losslessly) are written with every digit: stringify cannot, so each
  // is marked with a nonce no string can hold, then unquoted.
  const nonce = randomUUID();
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === "bigint" ? `${nonce}${v}` : v),
    indent,
  ).replaceAll(new RegExp(`"${nonce}(-?\\d+)"`, "g"), "$1");
  // Newlines here are the indentation's: stringify has already escaped those inside strings.
  return text.replace(INVISIBLE, (char) => (char === "\n" ? char : hex(char)));
}

/** A word for a POSIX shell: single-quoted, with every `'` closed, escaped and reopened. */
export function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A word for a POSIX shell, quoted only when the shell would read it otherwise. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : quote(text);
}
