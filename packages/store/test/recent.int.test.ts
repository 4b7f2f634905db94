import { afterEach, describe, expect, it } from "vitest";
import { type ActionStore, recentActions } from "../src/index.js";
import { DRIVERS, freshStore, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";

describe.each(DRIVERS)("recentActions on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it("reads the newest actions across list pages, and stops at the oldest", async () => {
    ({ db, store } = await freshStore(driver));
    const created = await Promise.all(
      Array.from({ length: 1003 }, () => store.createAction(newAction())),
    );
    const firstPage = await store.listActions({ limit: 1000 });
    const newest = await recentActions(store, 1002);
    expect(newest).toHaveLength(1002);
    expect(newest.slice(0, 1000).map((a) => a.id)).toEqual(firstPage.items.map((a) => a.id));
    const all = await recentActions(store, 5000);
    expect(new Set(all.map((a) => a.id))).toEqual(new Set(created.map((c) => c.action.id)));
    expect(all).toHaveLength(1003);
    expect((await recentActions(store, 3)).map((a) => a.id)).toEqual(
      firstPage.items.slice(0, 3).map((a) => a.id),
    );
    await expect(recentActions(store, 0)).rejects.toThrow(RangeError);
  });
});
