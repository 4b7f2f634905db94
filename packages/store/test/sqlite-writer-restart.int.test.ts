import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WriteOp } from "../src/actions/apply.js";
import { isStoreError, openSqliteStore } from "../src/index.js";
import { WriterThread } from "../src/sqlite/writer-thread.js";
import { newAction } from "./factories.js";

const ENTRY = new URL("./fixtures/crashing-writer.mjs", import.meta.url);
const BUILT = fileURLToPath(new URL("../dist/sqlite-writer.js", import.meta.url));

const create = (): WriteOp => ({ kind: "create", input: newAction(), idempotencyKey: undefined });

/** Polls until `check` stops throwing, or fails after `ms`. */
async function eventually(check: () => void, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

describe("the SQLite writer thread after it dies", () => {
  let dir: string;
  let path: string;
  let writer: WriterThread | null = null;

  beforeEach(async () => {
    if (!existsSync(BUILT))
      throw new Error("dist/ is missing: run `pnpm --filter @faramesh/store build` first");
    dir = mkdtempSync(join(tmpdir(), "faramesh-writer-restart-"));
    path = join(dir, "test.db");
    const store = openSqliteStore({ path, writerThread: false });
    await store.migrate();
    await store.close();
  });

  afterEach(async () => {
    await writer?.close();
    writer = null;
    rmSync(dir, { recursive: true, force: true });
  });

  const open = () => {
    writer = new WriterThread({ path, synchronous: "FULL", busyTimeoutMs: 5000 }, null, ENTRY);
    return writer;
  };

  it("fails the writes in flight as UNAVAILABLE, then starts a new thread that commits", async () => {
    const thread = open();
    expect((await thread.commit([create()]))[0]?.ok).toBe(true);

    writeFileSync(join(dir, "crash-on-commit"), "");
    const lost = await thread.commit([create(), create()]).catch((e: unknown) => e);
    expect(isStoreError(lost, "UNAVAILABLE"), String(lost)).toBe(true);
    // Until the new thread runs, readiness fails and writes are refused, never queued blindly.
    expect(() => thread.assertAlive()).toThrow(/writer stopped/);
    const refused = await thread.commit([create()]).catch((e: unknown) => e);
    expect(isStoreError(refused, "UNAVAILABLE"), String(refused)).toBe(true);

    await eventually(() => thread.assertAlive());
    expect((await thread.commit([create()]))[0]?.ok).toBe(true);
    await thread.close();

    const store = openSqliteStore({ path, writerThread: false });
    // The batch the dead thread never committed left nothing behind; the chain is whole.
    expect((await store.listActions({})).total).toBe(2);
    expect(await store.verifyLedger()).toMatchObject({ ok: true, events: 4 });
    await store.close();
  });

  it("waits longer before each restart while the thread keeps dying at start", async () => {
    writeFileSync(join(dir, "crash-at-start"), "3");
    const thread = open();
    const starts = () =>
      readFileSync(join(dir, "starts.log"), "utf8").trim().split("\n").map(Number);
    await eventually(() => expect(starts()).toHaveLength(4));
    const [a = 0, b = 0, c = 0, d = 0] = starts();
    // Restarts after 100, 200 and 400 ms (plus the time a thread takes to start and die).
    expect(b - a).toBeGreaterThanOrEqual(100);
    expect(c - b).toBeGreaterThanOrEqual(200);
    expect(d - c).toBeGreaterThanOrEqual(400);
    // The fourth thread lives: once it has started, writes commit again.
    await eventually(() => thread.assertAlive());
    expect((await thread.commit([create()]))[0]?.ok).toBe(true);
  });
});
