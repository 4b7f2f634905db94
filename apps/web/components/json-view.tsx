"use client";

import { type ReactNode, useState } from "react";
import { Visible } from "@/lib/visible";

const LONG_STRING = 240;
const MANY_ITEMS = 50;

/**
 * A string as JSON writes it: quotes and backslashes escaped; control and other hidden characters
 * stay raw here so that `Visible` marks each one (`\n`, `U+202E`).
 */
function jsonText(value: string): string {
  return value.replace(/[\\"]/g, (char) => `\\${char}`);
}

function StringValue({ value }: { value: string }) {
  const [open, setOpen] = useState(false);
  const text = jsonText(value);
  const cut = !open && text.length > LONG_STRING;
  return (
    <span className="break-all text-success">
      "<Visible text={cut ? text.slice(0, LONG_STRING) : text} />
      {cut ? "…" : ""}"
      {text.length > LONG_STRING ? (
        <button
          type="button"
          className="ml-1 rounded bg-muted px-1 text-xs text-info hover:underline"
          onClick={() => setOpen(!open)}
        >
          {open ? "show less" : `show all ${text.length.toLocaleString()} characters`}
        </button>
      ) : null}
    </span>
  );
}

function Scalar({ value }: { value: unknown }): ReactNode {
  if (typeof value === "string") return <StringValue value={value} />;
  if (typeof value === "bigint") return <span className="text-info">{value.toString()}</span>;
  if (typeof value === "number") return <span className="text-info">{String(value)}</span>;
  if (typeof value === "boolean" || value === null)
    return <span className="text-warning">{String(value)}</span>;
  return <span className="text-muted-foreground">{String(value)}</span>;
}

function Node({ value, depth }: { value: unknown; depth: number }): ReactNode {
  const [collapsed, setCollapsed] = useState(depth > 3);
  const [showAll, setShowAll] = useState(false);
  if (typeof value !== "object" || value === null) return <Scalar value={value} />;
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray
    ? value.map((item, k) => [String(k), item])
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) return `${open}${close}`;
  const shown = showAll ? entries : entries.slice(0, MANY_ITEMS);
  return (
    <span>
      <button
        type="button"
        className="mr-0.5 rounded px-0.5 text-muted-foreground hover:bg-accent"
        aria-expanded={!collapsed}
        aria-label={collapsed ? "Expand" : "Collapse"}
        onClick={() => setCollapsed(!collapsed)}
      >
        {collapsed ? "▸" : "▾"}
      </button>
      {open}
      {collapsed ? (
        <span className="text-muted-foreground">
          {" "}
          {entries.length} {isArray ? "items" : "keys"} {close}
        </span>
      ) : (
        <>
          <span className="block border-l border-border/70 pl-4">
            {shown.map(([key, item]) => (
              <span key={key} className="block">
                {isArray ? null : (
                  <span className="text-foreground">
                    "<Visible text={jsonText(key)} />
                    ":{" "}
                  </span>
                )}
                <Node value={item} depth={depth + 1} />
              </span>
            ))}
            {entries.length > shown.length ? (
              <button
                type="button"
                className="rounded bg-muted px-1 text-xs text-info hover:underline"
                onClick={() => setShowAll(true)}
              >
                show {entries.length - shown.length} more
              </button>
            ) : null}
          </span>
          {close}
        </>
      )}
    </span>
  );
}

/** Pretty JSON as text nodes: escaped, hidden characters marked, long values collapsible. */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  return (
    <figure aria-label={label} className="m-0">
      <pre className="overflow-x-auto rounded-md border bg-muted/50 p-2 font-mono text-xs leading-5 whitespace-pre-wrap">
        <Node value={value} depth={0} />
      </pre>
    </figure>
  );
}

/** One line of compact JSON for a table cell, cut visibly with an ellipsis. */
export function preview(value: unknown, max = 120): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)) ?? "";
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
