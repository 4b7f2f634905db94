import type { WriteOp } from "../actions/apply.js";
import type { guardWith } from "../core/errors.js";
import { type GrantFilter, toGrantFilter } from "./query.js";
import { type GrantRow, grantNotFound, toGrant } from "./row.js";
import type { GrantStore, NewGrant, StoredGrant } from "./types.js";
import { assertNewGrant } from "./validate.js";

/** What a driver gives the grant verbs: writes through the group commit, and three reads. */
export interface GrantPort {
  submit(op: WriteOp): Promise<unknown>;
  readGrant(id: string): Promise<GrantRow | undefined>;
  /** One page, newest first. */
  pageGrants(filter: GrantFilter, nowIso: string): Promise<GrantRow[]>;
  /** Live grants of a tool at `nowIso`, oldest first. */
  liveGrants(tool: string, nowIso: string): Promise<GrantRow[]>;
}

/** The grant verbs over a driver; inputs are checked before anything queues. */
export function createGrantStore(port: GrantPort, clock: () => Date): GrantStore {
  return {
    async create(input: NewGrant) {
      assertNewGrant(input);
      // safe: the createGrant operation settles with a GrantRow
      const row = (await port.submit({ kind: "createGrant", input })) as GrantRow;
      return toGrant(row, clock());
    },
    async get(id: string) {
      const row = await port.readGrant(id);
      if (row === undefined) throw grantNotFound(id);
      return toGrant(row, clock());
    },
    async list(query = {}) {
      const filter = toGrantFilter(query);
      const now = clock();
      const items: StoredGrant[] = (await port.pageGrants(filter, now.toISOString())).map((row) =>
        toGrant(row, now),
      );
      const last = items.at(-1);
      return { items, next_cursor: items.length === filter.limit && last ? last.id : null };
    },
    async revoke(id: string, by: string) {
      if (typeof by !== "string" || by.length === 0) throw new TypeError("by must be a string");
      // safe: the revokeGrant operation settles with a GrantRow
      const row = (await port.submit({ kind: "revokeGrant", id, by })) as GrantRow;
      return toGrant(row, clock());
    },
    async live(tool: string) {
      if (typeof tool !== "string") throw new TypeError("tool must be a string");
      const now = clock();
      return (await port.liveGrants(tool, now.toISOString())).map((row) => toGrant(row, now));
    },
  };
}

/** The same reads, every failure passed through the driver's error mapping. */
export function guardGrantReads(
  reads: Omit<GrantPort, "submit">,
  guard: ReturnType<typeof guardWith>,
): Omit<GrantPort, "submit"> {
  return {
    readGrant: guard((id: string) => reads.readGrant(id)),
    pageGrants: guard((filter: GrantFilter, nowIso: string) => reads.pageGrants(filter, nowIso)),
    liveGrants: guard((tool: string, nowIso: string) => reads.liveGrants(tool, nowIso)),
  };
}
