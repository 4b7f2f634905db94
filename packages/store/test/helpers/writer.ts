/**
 * A separate writer process for the crash and multi-process tests. Reads its job from the
 * FARAMESH_WRITER environment variable (JSON) and reports on stdout:
 * - `load`: creates actions with `concurrency` writers until killed, printing `ack <id>` for
 *   each creation after its commit;
 * - `mixed`: creates `count` actions, then races approve on `approve` ids and start on `start`
 *   ids, and prints one JSON summary line.
 */
import { isStoreError, openPostgresStore, openSqliteStore } from "../../src/index.js";
import { builtStore } from "../databases.js";
import { newAction } from "../factories.js";

interface Job {
  location:
    | { driver: "sqlite"; path: string; thread: boolean }
    | { driver: "postgres"; url: string; schema: string };
  mode: "load" | "mixed";
  concurrency: number;
  count?: number;
  approve?: string[];
  start?: string[];
}

const job = JSON.parse(process.env.FARAMESH_WRITER ?? "{}") as Job;
const store =
  job.location.driver === "sqlite"
    ? (job.location.thread ? (await builtStore()).openSqliteStore : openSqliteStore)({
        path: job.location.path,
      })
    : openPostgresStore({ url: job.location.url, schema: job.location.schema });

async function wins(ids: string[], to: "approved" | "executing"): Promise<string[]> {
  const won: string[] = [];
  await Promise.all(
    ids.map(async (id) => {
      try {
        await store.transition(id, { to });
        won.push(id);
      } catch (error) {
        if (!isStoreError(error, "CONFLICT")) throw error;
      }
    }),
  );
  return won;
}

if (job.mode === "load") {
  process.stdout.write("ready\n");
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      for (;;) {
        const { action } = await store.createAction(newAction());
        process.stdout.write(`ack ${action.id}\n`);
      }
    }),
  );
} else {
  const created: string[] = [];
  await Promise.all(
    Array.from({ length: job.concurrency }, async (_, writer) => {
      for (let k = writer; k < (job.count ?? 0); k += job.concurrency) {
        created.push(
          (await store.createAction(newAction({ decision: "require_approval" }))).action.id,
        );
      }
    }),
  );
  const approved = await wins(job.approve ?? [], "approved");
  const started = await wins(job.start ?? [], "executing");
  process.stdout.write(`${JSON.stringify({ created, approved, started })}\n`);
  await store.close();
}
