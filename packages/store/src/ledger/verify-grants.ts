import { canonicalize, type JsonValue } from "@faramesh/policy-engine/canonical";
import { parseStoredObject } from "../actions/row.js";
import { type GrantRow, RECORDED_COLUMNS } from "../grants/row.js";
import type { EventRow } from "./rows.js";

/** What a grant's replay reads of an event. */
type GrantEvent = Pick<EventRow, "seq" | "event_type" | "meta">;

/** The SELECT list of a grant for the verifier (times as ISO text on both drivers). */
export const LEDGER_GRANT_COLUMNS = [...RECORDED_COLUMNS, "id", "uses", "revoked_at", "revoked_by"];

export const GRANT_EVENTS: ReadonlySet<string> = new Set([
  "grant_created",
  "grant_used",
  "grant_revoked",
]);

/**
 * One grant replayed from its events: `grant_created` first and once, with every recorded
 * column; each `grant_used` counting one more use, never past `max_uses` nor after the
 * revocation; at most one `grant_revoked`. `compare` then holds the stored row to them, so a
 * grant edited after the fact (more uses, a later expiry, a revocation cleared) is found.
 */
export class GrantReplay {
  #created: Record<string, unknown> | null = null;
  #uses = 0;
  #revoked: Record<string, unknown> | null = null;
  lastSeq = 0;
  broken = false;
  /** The actions its `grant_used` events name, looked up once the replay is done. */
  readonly usedBy: { seq: number; action: string }[] = [];

  constructor(readonly row: GrantRow) {}

  /** Advances by one event; a problem sentence when it does not fit, else null. */
  apply(event: GrantEvent): string | null {
    const id = this.row.id;
    if (event.event_type === "grant_created") {
      if (this.#created !== null) return `seq ${event.seq} is a second grant_created event`;
      this.#created = metaOf(event);
      return null;
    }
    if (this.#created === null) return `seq ${event.seq} comes before grant ${id} was created`;
    if (this.#revoked !== null) return `seq ${event.seq} comes after grant ${id} was revoked`;
    const meta = metaOf(event);
    if (event.event_type === "grant_revoked") {
      this.#revoked = meta;
      return null;
    }
    if (event.event_type !== "grant_used") return `seq ${event.seq} is not a grant event`;
    this.#uses += 1;
    const max = this.#created.max_uses;
    if (meta.uses !== this.#uses) return `seq ${event.seq} does not count grant ${id}'s uses`;
    if (typeof max === "number" && this.#uses > max)
      return `seq ${event.seq} uses grant ${id} beyond its max_uses`;
    const action = meta.action_id;
    if (typeof action !== "string") return `seq ${event.seq} uses grant ${id} for no action`;
    this.usedBy.push({ seq: event.seq, action });
    return null;
  }

  /** The first use naming an action that is not in `stored`, at its seq, or null. */
  useOfNoAction(stored: ReadonlySet<string>): { seq: number; text: string } | null {
    const use = this.usedBy.find(({ action }) => !stored.has(action));
    return use === undefined
      ? null
      : { seq: use.seq, text: `seq ${use.seq} uses grant ${this.row.id} for no action` };
  }

  /** The first stored column that differs from what the events say, as a sentence, or null. */
  compare(): string | null {
    const { row } = this;
    if (this.#created === null) return `grant ${row.id} has no grant_created event`;
    for (const column of RECORDED_COLUMNS) {
      const stored = column === "match" ? parseMatch(row.match) : row[column];
      if (text(stored) !== text(this.#created[column]))
        return `grant ${row.id} stored ${column} differs from its events`;
    }
    if (row.uses !== this.#uses) return `grant ${row.id} stored uses differs from its events`;
    const revoked = this.#revoked ?? { revoked_at: null, revoked_by: null };
    if (row.revoked_at !== revoked.revoked_at || row.revoked_by !== revoked.revoked_by)
      return `grant ${row.id} stored revocation differs from its events`;
    return null;
  }
}

function metaOf(event: GrantEvent): Record<string, unknown> {
  try {
    return parseStoredObject(event.meta);
  } catch {
    return {};
  }
}

function parseMatch(match: string | null): unknown {
  try {
    return match === null ? null : parseStoredObject(match);
  } catch {
    return "\u0000invalid";
  }
}

function text(value: unknown): string {
  // safe: recorded values are JSON (strings, numbers, null, the parsed match)
  return value === undefined ? "\u0000missing" : canonicalize(value as JsonValue);
}
