import type { JsonObject } from "@faramesh/policy-engine/canonical";
import { isJsonObject } from "@faramesh/policy-engine/canonical";
import type { CreateResult } from "../actions/create.js";
import { NOTE_EVENT_TYPES, type NoteEventType } from "../actions/record-event.js";
import { assertTransition, type TransitionInput } from "../actions/transition.js";
import { assertNewAction } from "../actions/validate.js";
import { createGrantStore } from "../grants/reads.js";
import { grantNotFound } from "../grants/row.js";
import type { GrantStore } from "../grants/types.js";
import { toEvent } from "../ledger/rows.js";
import type { ActionStore, CreateOptions } from "../store.js";
import type { LedgerEvent, NewAction, StoredAction } from "../types.js";
import { writeCheckpoint } from "./checkpoint.js";
import { approvalInsights } from "./insights.js";
import type { DriverPort } from "./port.js";
import { countActions, getAction, listActions, resolveId, sweepExpired } from "./read.js";
import { stats } from "./stats.js";
import { assertIdText, assertStorable } from "./text.js";
import { verifyAction } from "./verify-action.js";

/** Builds the `ActionStore` verbs over a driver; inputs are checked before anything queues. */
export function createActionStore(port: DriverPort, clock: () => Date): ActionStore {
  return {
    dialect: port.dialect,
    tokens: port.tokens,
    notifications: port.notifications,
    webhooks: port.webhooks,
    grants: guardGrants(createGrantStore(port, clock)),
    migrate: () => port.migrate(),
    pendingMigrations: () => port.pendingMigrations(),
    writable: () => port.writable(),
    ping: () => port.ping(),
    close: () => port.close(),
    subscribe: (listener) => port.subscribe(listener),
    onStatusChange: (listener) => port.onStatusChange(listener),
    verifyLedger: (options) => port.verifyLedger(options),
    writeCheckpoint: (privateKey) => writeCheckpoint(port, clock, privateKey),
    verifyAction: async (id) => {
      assertIdText(id);
      return verifyAction(port, id);
    },
    getAction: async (id) => {
      assertIdText(id);
      return getAction(port, clock, id);
    },
    listActions: async (query) => {
      for (const [key, value] of Object.entries(query ?? {})) assertStorable(key, value);
      return listActions(port, clock, query);
    },
    countActions: () => countActions(port, clock),
    resolveId: async (prefix) => {
      assertIdText(prefix);
      return resolveId(port, prefix);
    },
    sweepExpired: () => sweepExpired(port, clock),
    stats: (query) => stats(port, clock, query),
    approvalInsights: (range) => approvalInsights(port, clock, range),

    async createAction(input: NewAction, options: CreateOptions = {}) {
      assertNewAction(input);
      for (const [field, value] of Object.entries(input)) assertStorable(field, value);
      const key = options.idempotencyKey;
      const grants = options.grants ?? [];
      if (!Array.isArray(grants) || !grants.every((id) => typeof id === "string"))
        throw new TypeError("grants must be a list of grant ids");
      assertStorable("Idempotency-Key", key);
      if (key !== undefined && (typeof key !== "string" || key.length === 0 || key.length > 255)) {
        throw new TypeError("idempotencyKey must be 1-255 characters");
      }
      // safe: the create operation settles with a CreateResult
      return (await port.submit({
        kind: "create",
        input,
        idempotencyKey: key,
        ...(grants.length > 0 ? { grants } : {}),
      })) as CreateResult;
    },

    async transition(id: string, change: TransitionInput) {
      assertTransition(change);
      assertIdText(id);
      assertStorable("reason", change.reason);
      assertStorable("error", change.error);
      return (await port.submit({ kind: "transition", id, change })) as StoredAction;
    },

    async recordEvent(id: string, type: NoteEventType, meta: JsonObject) {
      if (!NOTE_EVENT_TYPES.includes(type))
        throw new TypeError(`${String(type)} is not a note event`);
      assertIdText(id);
      if (!isJsonObject(meta)) throw new TypeError("meta must be an object");
      return (await port.submit({ kind: "note", id, type, meta })) as LedgerEvent;
    },

    async listEvents(actionId: string) {
      assertIdText(actionId);
      return (await port.eventsOf(actionId)).map(toEvent);
    },

    async readLedger(options = {}) {
      const afterSeq = options.afterSeq ?? 0;
      const limit = options.limit ?? 1000;
      if (!Number.isSafeInteger(afterSeq) || afterSeq < 0)
        throw new RangeError("afterSeq must be >= 0");
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
        throw new RangeError("limit must be 1-10000");
      return (await port.readLedger(afterSeq, limit)).map(toEvent);
    },
  };
}

/** Text that cannot be stored is refused alike on both drivers; such an id names no grant. */
function guardGrants(grants: GrantStore): GrantStore {
  const id = (value: string) => {
    if (typeof value === "string" && value.includes("\u0000"))
      throw grantNotFound(value.replaceAll("\u0000", "\\0"));
  };
  return {
    create: async (input) => {
      for (const [field, value] of Object.entries(input)) assertStorable(field, value);
      return grants.create(input);
    },
    get: async (value) => {
      id(value);
      return grants.get(value);
    },
    list: async (query) => {
      for (const [key, value] of Object.entries(query ?? {})) assertStorable(key, value);
      return grants.list(query);
    },
    revoke: async (value, by) => {
      id(value);
      assertStorable("by", by);
      return grants.revoke(value, by);
    },
    live: async (tool) => {
      assertStorable("tool", tool);
      return grants.live(tool);
    },
  };
}
