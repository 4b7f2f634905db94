import { afterEach, describe, expect, it } from "vitest";
import type { ActionStore } from "../src/index.js";
import { DRIVERS, freshStore, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";

describe.each(DRIVERS)("listing by group_id on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it("lists only the group's actions, newest first, with a total", async () => {
    ({ db, store } = await freshStore(driver));
    const first = await store.createAction({
      ...newAction(),
      group_id: "run-1",
      agent_reason: "a",
    });
    await store.createAction(newAction());
    await store.createAction({ ...newAction(), group_id: "run-2" });
    const second = await store.createAction({ ...newAction(), group_id: "run-1" });
    const page = await store.listActions({ group_id: "run-1" });
    expect(page.items.map((a) => a.id)).toEqual([second.action.id, first.action.id]);
    expect(page.total).toBe(2);
    expect(page.items[1]).toMatchObject({ group_id: "run-1", agent_reason: "a" });
  });
});
