import { afterEach, describe, expect, it } from "vitest";
import { type ActionStore, isStoreError, openPostgresStore } from "../src/index.js";
import { DRIVERS, freshStore, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";
import { failure } from "./helpers/failure.js";

const SECRET = "TOPSECRET-param-value";

/** Everything a log line could show of an error: its text, stack and causes. */
function loggable(error: unknown): string {
  const parts: string[] = [];
  for (let link = error, k = 0; link !== undefined && link !== null && k < 5; k++) {
    parts.push(String(link), (link as Error).stack ?? "", JSON.stringify(link) ?? "");
    link = (link as { cause?: unknown }).cause;
  }
  return parts.join("\n");
}

const failWrites = (sqlstate: string) => `
  CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '${sqlstate}'; END $$;
  CREATE TRIGGER refuse BEFORE INSERT ON ledger_events FOR EACH ROW EXECUTE FUNCTION refuse();`;

describe("PostgreSQL errors", () => {
  let db: TestDb;
  let store: ActionStore;

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it.each([
    ["25006", "a read-only transaction (a standby after failover)"],
    ["57014", "a statement timeout"],
  ])("answers %s, %s, as UNAVAILABLE, with nothing stored", async (sqlstate) => {
    ({ db, store } = await freshStore("postgres"));
    await db.exec(failWrites(sqlstate));
    const error = await failure(store.createAction(newAction({ params: { cmd: SECRET } })));
    expect(isStoreError(error, "UNAVAILABLE")).toBe(true);
    expect(loggable(error)).not.toContain(SECRET);
    expect((await store.listActions({})).total).toBe(0);
  });

  it("keeps a bug a bug, without the statement's parameters in its text", async () => {
    ({ db, store } = await freshStore("postgres"));
    await db.exec(failWrites("22012")); // division_by_zero: a data exception, not an outage
    const error = await failure(store.createAction(newAction({ params: { cmd: SECRET } })));
    expect(isStoreError(error)).toBe(false);
    expect(String(error)).toContain("simulated");
    expect(loggable(error)).not.toContain(SECRET);
  });

  it("answers token calls that the database refuses as UNAVAILABLE", async () => {
    ({ db, store } = await freshStore("postgres"));
    await db.exec(failWrites("57014").replaceAll("ON ledger_events", "ON api_tokens"));
    const error = await failure(store.tokens.create({ name: "bot", role: "agent" }));
    expect(isStoreError(error, "UNAVAILABLE")).toBe(true);
  });
});

describe.each(DRIVERS.filter((driver) => driver !== "postgres"))("%s errors", (driver) => {
  let db: TestDb;
  let store: ActionStore;

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it("keeps the statement's parameters out of a failed write's error", async () => {
    ({ db, store } = await freshStore(driver));
    await db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON ledger_events
      BEGIN SELECT RAISE(ABORT, 'simulated'); END;`);
    const error = await failure(store.createAction(newAction({ params: { cmd: SECRET } })));
    expect(String(error)).toContain("simulated");
    expect(loggable(error)).not.toContain(SECRET);
  });
});

describe("a PostgreSQL that is down", () => {
  it("answers each call UNAVAILABLE within seconds, however many attempts failed before", async () => {
    // The driver's own reconnect delay grows to 20 s; a request must not hang that long.
    const store = openPostgresStore({ url: "postgres://postgres@127.0.0.1:1/down", max: 1 });
    try {
      for (let attempt = 0; attempt < 12; attempt++) {
        const started = Date.now();
        const error = await failure(store.countActions());
        expect(isStoreError(error, "UNAVAILABLE")).toBe(true);
        expect(Date.now() - started).toBeLessThan(5_000);
      }
    } finally {
      await store.close();
    }
  });
});
