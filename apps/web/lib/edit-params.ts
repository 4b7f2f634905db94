/** What an approver typed as the edited params: an object, or why it cannot be sent. */
export type EditedParams =
  | { ok: true; params: Record<string, unknown> }
  | { ok: false; error: string };

/**
 * Reads edited params from JSON text. Refuses anything the server would receive differently
 * from what is on screen: a non-object, or an integer beyond 2^53 that `JSON.parse` rounds.
 */
export function parseEditedParams(text: string): EditedParams {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `The params are not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, error: 'The params must be a JSON object, like {"cmd": "ls"}.' };
  if (hasUnsafeInteger(value))
    return {
      ok: false,
      error:
        "An integer is beyond 2^53 and would change on the way; edit this call with the CLI (faramesh approve --params-file).",
    };
  return { ok: true, params: value as Record<string, unknown> };
}

function hasUnsafeInteger(value: unknown): boolean {
  if (typeof value === "number") return Number.isInteger(value) && !Number.isSafeInteger(value);
  if (typeof value === "bigint") return true;
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some(hasUnsafeInteger);
}

/**
 * The params as the approver starts editing them, or null when they hold an integer beyond
 * 2^53 (the SDK reads those as `bigint`), which this editor cannot carry exactly.
 */
export function editableText(params: unknown): string | null {
  return hasUnsafeInteger(params) ? null : JSON.stringify(params, null, 2);
}

/** How long a remembered approval lasts, as the server's duration strings. */
export const REMEMBER_TTLS = [
  { value: "1h", label: "1 hour" },
  { value: "1d", label: "1 day" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
] as const;
