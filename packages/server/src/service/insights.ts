import { canonicalize, type JsonObject } from "@faramesh/policy-engine/canonical";
import {
  type ApprovalInsights,
  type GrantSuggestion,
  insightsWindowSeconds,
} from "@faramesh/sdk/schema";
import type { GrantSuggestion as FoundSuggestion } from "@faramesh/store";
import type { Deps } from "../context.js";

const PREVIEW_CHARS = 60;
// What a reader would not see (controls, bidi, zero-width): shown as escapes instead.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;
const UNITS = { m: "minute", h: "hour", d: "day" } as const;

/**
 * Approval fatigue over the `window` before now, each suggestion with one sentence people read
 * the same way in the dashboard and the CLI.
 */
export async function approvalInsights(
  deps: Pick<Deps, "store" | "clock">,
  window: string,
  minRepeats: number,
): Promise<ApprovalInsights> {
  // safe: the query schema accepted the window
  const seconds = insightsWindowSeconds(window) as number;
  const since = new Date(deps.clock().getTime() - seconds * 1000);
  const found = await deps.store.approvalInsights({ since, minRepeats });
  const suggestions = await Promise.all(
    found.suggestions.map(async (s) => describeSuggestion(s, window, await label(deps, s))),
  );
  return { window, ...found, suggestions };
}

/** `tool operation`, and for one exact request a short preview of what it asked. */
async function label(deps: Pick<Deps, "store">, s: FoundSuggestion): Promise<string> {
  const call = `${s.tool} ${s.operation}`;
  if (s.scope === "tool") return call;
  const { params } = await deps.store.getAction(s.example_action_id);
  return `${call} ${preview(params)}`;
}

function describeSuggestion(s: FoundSuggestion, window: string, what: string): GrantSuggestion {
  const when = period(window);
  const offer =
    s.scope === "request" ? "allow it" : `allow every \`${s.tool} ${s.operation}\` call`;
  return {
    ...s,
    summary: `you approved \`${what}\` for agent ${s.agent_id} ${s.count} times ${when} — ${offer} for 7 days?`,
    grant: { ...s.grant, reason: `approved ${s.count} times ${when}, never denied (insights)` },
  };
}

/** One string param as it is, else the canonical JSON; cut short, invisible characters escaped. */
export function preview(params: JsonObject): string {
  const values = Object.values(params);
  const [only] = values;
  const text = values.length === 1 && typeof only === "string" ? only : canonicalize(params);
  const chars = [...text];
  const cut = chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join("")}…` : text;
  return cut.replace(
    INVISIBLE,
    (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}}`,
  );
}

/** `this week` for 7d, `in the last day`, `in the last 30 days`, `in the last 12 hours`. */
export function period(window: string): string {
  if (window === "7d") return "this week";
  const n = Number(window.slice(0, -1));
  const unit = UNITS[window.slice(-1) as keyof typeof UNITS];
  return n === 1 ? `in the last ${unit}` : `in the last ${n} ${unit}s`;
}
