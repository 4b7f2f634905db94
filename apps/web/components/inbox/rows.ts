import type { Action, StreamedEvent } from "@faramesh/sdk";
import type { ActionStatus } from "@faramesh/sdk/schema";
import type { Risk } from "@/lib/format";

/**
 * A table row: a listed action, or one just announced by the event stream (no params yet; the
 * next reload fills them in).
 */
export type Row = Pick<
  Action,
  | "id"
  | "status"
  | "decision"
  | "agent_id"
  | "tool"
  | "operation"
  | "reason"
  | "risk_level"
  | "updated_at"
  | "created_at"
> &
  Partial<Pick<Action, "params" | "context" | "approval_expires_at" | "request_hash">>;

export interface Filters {
  status: ActionStatus | "";
  agentId: string;
  tool: string;
  risk: Risk | "";
  q: string;
}

export const NO_FILTERS: Filters = { status: "", agentId: "", tool: "", risk: "", q: "" };

/** Whether an announced action belongs in the filtered list (search needs the server). */
export function matches(filters: Filters, data: StreamedEvent["data"]): boolean {
  return (
    (filters.status === "" || data.status === filters.status) &&
    (filters.agentId === "" || data.agent_id === filters.agentId) &&
    (filters.tool === "" || data.tool === filters.tool) &&
    (filters.risk === "" || data.risk_level === filters.risk) &&
    filters.q === ""
  );
}

/** Applies one event to the rows in place; a new matching action goes on top. */
export function applyEvent(
  rows: Row[],
  event: StreamedEvent,
  onTop: boolean,
  limit: number,
): Row[] {
  const { data } = event;
  const index = rows.findIndex((row) => row.id === data.id);
  if (index >= 0) {
    const next = rows.slice();
    const row = rows[index] as Row;
    next[index] = {
      ...row,
      status: data.status,
      decision: data.decision,
      reason: data.reason,
      risk_level: data.risk_level,
      updated_at: data.updated_at,
      approval_expires_at: data.status === "pending_approval" ? row.approval_expires_at : null,
    };
    return next;
  }
  if (!onTop || event.type !== "action.created") return rows;
  const created: Row = { ...data, created_at: event.timestamp || data.updated_at };
  return [created, ...rows].slice(0, limit);
}
