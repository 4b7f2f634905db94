import { afterEach, describe, expect, it } from "vitest";
import type { ActionStore } from "../src/index.js";
import { DRIVERS, freshStore, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";

describe.each(DRIVERS)("search on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  async function ids(q: string, extra: object = {}): Promise<string[]> {
    return (await store.listActions({ q, limit: 100, ...extra })).items.map((a) => a.id);
  }

  it("finds ASCII case-insensitive substrings of tool, operation, agent_id and params, newest first", async () => {
    ({ db, store } = await freshStore(driver));
    const create = async (fields: Parameters<typeof newAction>[0]) =>
      (await store.createAction(newAction(fields))).action.id;
    const curl = await create({
      tool: "Shell",
      params: { cmd: 'curl "https://Example.com/a_b%"' },
    });
    const mail = await create({
      tool: "email",
      operation: "SendMail",
      agent_id: "ops-bot",
      params: { to: "team" },
    });
    const cafe = await create({ tool: "http", params: { note: "Café ÉCOLE 100%" } });
    const again = await create({ tool: "shell", params: { cmd: "curl https://example.com/x" } });

    expect(await ids("EXAMPLE.com")).toEqual([again, curl]);
    expect(await ids("shell")).toEqual([again, curl]);
    expect(await ids("sendmail")).toEqual([mail]);
    expect(await ids("OPS-B")).toEqual([mail]);
    // LIKE and FTS5 syntax is plain text here.
    expect(await ids("a_b%")).toEqual([curl]);
    expect(await ids("a%b")).toEqual([]);
    // params are searched as their canonical JSON text, where a quote is escaped.
    expect(await ids('com/a_b%\\"')).toEqual([curl]);
    expect(await ids('com/a_b%"')).toEqual([]);
    expect(await ids("curl AND")).toEqual([]);
    // Only ASCII letters fold: É and é are different characters.
    expect(await ids("école")).toEqual([]);
    expect(await ids("ÉCOLE")).toEqual([cafe]);
    expect(await ids("café")).toEqual([cafe]);
    // Shorter than a trigram: read without the index, same answers.
    expect(await ids("sh")).toEqual([again, curl]);
    expect(await ids("%")).toEqual([cafe, curl]);
    // Combined with a filter, a cursor and a count.
    expect(await ids("example", { tool: "Shell" })).toEqual([curl]);
    expect(await ids("example", { cursor: again })).toEqual([curl]);
    expect(await store.listActions({ q: "curl", limit: 1 })).toMatchObject({
      total: 2,
      total_capped: false,
      next_cursor: again,
    });
  });

  it("keeps the index in step with edits made outside the store", async () => {
    ({ db, store } = await freshStore(driver));
    const { action } = await store.createAction(newAction({ params: { word: "needle" } }));
    await db.exec(`UPDATE actions SET params = '{"word":"haystack"}' WHERE id = '${action.id}'`);
    expect(await ids("needle")).toEqual([]);
    expect(await ids("haystack")).toEqual([action.id]);
    await db.exec(`DELETE FROM actions WHERE id = '${action.id}'`);
    expect(await ids("haystack")).toEqual([]);
  });
});
