import { Fragment, type ReactNode } from "react";

// Controls (C0, C1, DEL), format characters (bidi overrides and isolates, zero-width, soft hyphen,
// Unicode tags), line/paragraph separators, default-ignorables and odd spaces: characters a
// reviewer would not see or that reorder what they see. Each is shown as a marked code point.
const HIDDEN =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/u;
const HIDDEN_GLOBAL = new RegExp(HIDDEN.source, "gu");

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export function hasHidden(text: string): boolean {
  return HIDDEN.test(text);
}

/** The code point as people write it: `U+202E`. */
export function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Text as React children with every hidden character replaced by a visible marker; React
 * escapes the rest, so nothing here is ever markup.
 */
export function Visible({ text }: { text: string }): ReactNode {
  if (!HIDDEN.test(text)) return text;
  const parts: ReactNode[] = [];
  let last = 0;
  let key = 0;
  for (const match of text.matchAll(HIDDEN_GLOBAL)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(<Fragment key={key++}>{text.slice(last, index)}</Fragment>);
    const char = match[0];
    parts.push(
      <span
        key={key++}
        className="mx-px rounded-sm bg-danger-bg px-0.5 font-mono text-[0.8em] text-danger ring-1 ring-danger/40"
        title={`Hidden character ${codePoint(char)}`}
      >
        {NAMED[char] ?? codePoint(char)}
      </span>,
    );
    last = index + char.length;
  }
  if (last < text.length) parts.push(<Fragment key={key++}>{text.slice(last)}</Fragment>);
  return parts;
}
