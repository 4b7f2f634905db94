import stringWidth from "string-width";

export interface Column<R> {
  header: string;
  /** The cell's text, already made visible (see `visible`). */
  value: (row: R) => string;
  /** Colours the padded cell; applied after layout so escapes never count as width. */
  color?: (text: string, row: R) => string;
  /** Columns that may shrink (with …) when the table is wider than the terminal. */
  shrink?: boolean;
}

const GAP = "  ";
const MIN_SHRUNK = 8;

function cut(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = "";
  for (const char of text) {
    if (stringWidth(`${out}${char}…`) > width) break;
    out += char;
  }
  return `${out}…`;
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - stringWidth(text)));
}

/**
 * A plain-text table that fits `maxWidth` (the terminal's columns): the shrinkable columns give
 * up width, widest first, down to a minimum, and their cells end with "…".
 */
export function table<R>(rows: R[], columns: Column<R>[], maxWidth = Number.POSITIVE_INFINITY) {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) =>
    Math.max(stringWidth(column.header), ...cells.map((line) => stringWidth(line[i] ?? ""))),
  );
  let excess = widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1) - maxWidth;
  while (excess > 0) {
    let widest = -1;
    columns.forEach((column, i) => {
      const w = widths[i] ?? 0;
      if (column.shrink && w > MIN_SHRUNK && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    });
    if (widest < 0) break;
    const take = Math.min(excess, (widths[widest] ?? 0) - MIN_SHRUNK);
    widths[widest] = (widths[widest] ?? 0) - take;
    excess -= take;
  }
  const line = (texts: string[], row?: R) =>
    texts
      .map((text, i) => {
        const column = columns[i];
        const padded =
          i === texts.length - 1
            ? cut(text, widths[i] ?? 0)
            : pad(cut(text, widths[i] ?? 0), widths[i] ?? 0);
        return row !== undefined && column?.color ? column.color(padded, row) : padded;
      })
      .join(GAP)
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    ...cells.map((texts, r) => line(texts, rows[r])),
  ].join("\n");
}
