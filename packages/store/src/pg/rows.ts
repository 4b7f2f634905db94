import type { ActionPatch } from "../actions/requests.js";
import type { ActionRow } from "../actions/row.js";
import type { GrantRow } from "../grants/row.js";
import type { EventRow } from "../ledger/rows.js";
import type { actions, grants, ledgerEvents } from "../schema/pg/index.js";
import { date, iso } from "./db.js";

type PgAction = typeof actions.$inferSelect;

export function fromPgAction(row: PgAction): ActionRow {
  // safe: CHECK constraints hold status, decision, outcome and risk_level to their unions
  return {
    ...row,
    approval_expires_at: iso(row.approval_expires_at),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  } as ActionRow;
}

export function toPgPatch(patch: ActionPatch): Partial<PgAction> {
  const { approval_expires_at, updated_at, ...rest } = patch;
  const out: Partial<PgAction> = { ...rest };
  if (approval_expires_at !== undefined) out.approval_expires_at = date(approval_expires_at);
  if (updated_at !== undefined) out.updated_at = date(updated_at);
  return out;
}

export function fromPgEvent(row: typeof ledgerEvents.$inferSelect): EventRow {
  return { ...row, created_at: iso(row.created_at) };
}

export function fromPgGrant(row: typeof grants.$inferSelect): GrantRow {
  return {
    ...row,
    expires_at: iso(row.expires_at),
    created_at: iso(row.created_at),
    revoked_at: iso(row.revoked_at),
  };
}
