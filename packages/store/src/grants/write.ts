import { canonicalize } from "@faramesh/policy-engine/canonical";
import type { OpOutcome } from "../actions/outcome.js";
import { refuse, succeed } from "../actions/outcome.js";
import type { OpContext, Query } from "../actions/requests.js";
import { StoreError } from "../errors.js";
import { uuidv7 } from "../ids.js";
import type { LedgerEvent, NewAction } from "../types.js";
import { createdMeta, type GrantRow, grantNotFound } from "./row.js";
import type { NewGrant } from "./types.js";

// safe casts: each driver answers a request with the documented type.
export function* getGrant(id: string): Query<GrantRow | undefined> {
  return (yield { kind: "getGrant", id }) as GrantRow | undefined;
}

/** Inserts a grant with its `grant_created` event. */
export function* createGrant(input: NewGrant, ctx: OpContext): Query<OpOutcome<GrantRow>> {
  const at = ctx.now.toISOString();
  const row: GrantRow = {
    id: uuidv7(ctx.now.getTime()),
    agent_id: input.agent_id,
    tool: input.tool,
    operation: input.operation,
    request_hash: input.request_hash ?? null,
    match: input.match == null ? null : canonicalize(input.match),
    expires_at: input.expires_at ?? null,
    max_uses: input.max_uses ?? null,
    uses: 0,
    reason: input.reason ?? null,
    created_by: input.created_by,
    source_action_id: input.source_action_id ?? null,
    rule_id: input.rule_id ?? null,
    created_at: at,
    revoked_at: null,
    revoked_by: null,
  };
  yield { kind: "insertGrant", row };
  const events = [ctx.chain.append(row.id, "grant_created", createdMeta(row))];
  yield { kind: "insertEvents", events: [...events] };
  return succeed(events, row);
}

/** Revokes a live grant with its `grant_revoked` event; CONFLICT when already revoked. */
export function* revokeGrant(id: string, by: string, ctx: OpContext): Query<OpOutcome<GrantRow>> {
  const events: LedgerEvent[] = [];
  const row = yield* getGrant(id);
  if (row === undefined) return refuse(events, grantNotFound(id));
  if (row.revoked_at !== null)
    return refuse(
      events,
      new StoreError("CONFLICT", `Grant '${id}' was already revoked at ${row.revoked_at}`),
    );
  const at = ctx.now.toISOString();
  const changed = (yield { kind: "revokeGrant", id, at, by }) as number;
  // The transaction holds the write lock, so a miss means someone wrote around the store.
  if (changed !== 1) throw new Error(`grant ${id} changed outside the store's write lock`);
  events.push(ctx.chain.append(id, "grant_revoked", { revoked_at: at, revoked_by: by }));
  yield { kind: "insertEvents", events: [...events] };
  return succeed(events, { ...row, revoked_at: at, revoked_by: by });
}

/**
 * Takes one use of the first candidate grant that still covers the action's scope and is live
 * at commit time: a compare-and-set on `uses`, so of two concurrent actions and one use left,
 * exactly one gets it. Answers the grant with its new count, or null when none was usable.
 */
export function* takeGrantUse(
  candidates: readonly string[],
  input: NewAction,
  ctx: OpContext,
): Query<GrantRow | null> {
  for (const id of candidates) {
    const row = yield* getGrant(id);
    if (row === undefined || !fitsScope(row, input)) continue;
    const uses = (yield { kind: "useGrant", id, now: ctx.now.toISOString() }) as number | undefined;
    if (uses !== undefined) return { ...row, uses };
  }
  return null;
}

/** The scope parts that do not need the params: the server checks `match` before handing over. */
function fitsScope(row: GrantRow, input: NewAction): boolean {
  return (
    (row.agent_id === "*" || row.agent_id === input.agent_id) &&
    row.tool === input.tool &&
    (row.operation === "*" || row.operation === input.operation) &&
    (row.request_hash === null || row.request_hash === input.request_hash)
  );
}
