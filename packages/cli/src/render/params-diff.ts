import { canonicalize, type JsonValue } from "@faramesh/policy-engine/canonical";
import { visible } from "../output/escape.js";
import { added, removed } from "../output/style.js";

/**
 * The changes from `before` to `after`, one line per changed leaf path (`- cmd: "ls /"`,
 * `+ cmd: "ls /tmp"`), values as canonical JSON, escaped for the terminal.
 *
 * @example
 * paramsDiff({ cmd: "ls /" }, { cmd: "ls /tmp" }) // ['- cmd: "ls /"', '+ cmd: "ls /tmp"']
 */
export function paramsDiff(before: JsonValue, after: JsonValue): string[] {
  const lines: string[] = [];
  walk("", before, after, lines);
  return lines;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function walk(
  path: string,
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  lines: string[],
): void {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys)
      walk(path === "" ? key : `${path}.${key}`, before[key], after[key], lines);
    return;
  }
  const old = before === undefined ? undefined : canonicalize(before);
  const now = after === undefined ? undefined : canonicalize(after);
  if (old === now) return;
  const name = visible(path === "" ? "(params)" : path);
  if (old !== undefined) lines.push(removed(`- ${name}: ${visible(old)}`));
  if (now !== undefined) lines.push(added(`+ ${name}: ${visible(now)}`));
}
