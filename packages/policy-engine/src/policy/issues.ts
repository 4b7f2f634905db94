import type * as v from "valibot";

/** Names a rule in messages: `Rule #3 (http-get)`, 1-based. */
export function ruleLabel(kind: string, index: number, name: string): string {
  return `${kind} #${index} (${name})`;
}

export type IssueKey = string | number;

/** Finds the list item an issue belongs to: its label and how many path keys that consumed. */
export type LocateItem = (keys: readonly IssueKey[]) => { label: string; depth: number } | null;

/**
 * Formats valibot issues as `<item label>: <field>: <message>` (e.g. `Rule #2 (x): match.tool:
 * must be a string`), or `<field>: <message>` outside list items, so every problem of a file is
 * listed at once.
 */
export function formatIssues(
  issues: readonly v.BaseIssue<unknown>[],
  locate: LocateItem,
): string[] {
  return issues.map((issue) => {
    const keys = (issue.path ?? []).map((item) => item.key as IssueKey);
    const item = locate(keys);
    if (item === null) return `${field(keys)}: ${issue.message}`;
    return `${item.label}: ${field(keys.slice(item.depth))}: ${issue.message}`;
  });
}

/** The `name` (or `id`) of item `index` of a raw list, for labelling items that failed. */
export function rawItemName(
  list: unknown,
  index: number,
  key: "id" | "name",
  fallback: string,
): string {
  const item = Array.isArray(list)
    ? (list[index] as Record<string, unknown> | null | undefined)
    : undefined;
  const name = item?.[key];
  return typeof name === "string" ? name : fallback;
}

function field(keys: readonly IssueKey[]): string {
  if (keys.length === 0) return "(whole item)";
  return keys
    .map((key, k) => (typeof key === "number" ? `[${key}]` : k === 0 ? key : `.${key}`))
    .join("");
}
