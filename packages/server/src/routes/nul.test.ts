import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness, httpGet, shell } from "../../test/harness.js";

// PostgreSQL text cannot hold U+0000: the store refuses it on every driver before any query
// (its own tests run both), so these answers are the same over SQLite and PostgreSQL.
describe("U+0000 in ids, filters and bodies", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => h.close());

  const submit = async (body: unknown) =>
    (await (await h.call("POST", "/v1/actions", { body })).json()) as { id: string };

  it("answers 4xx, never 500, and stores nothing", async () => {
    const allowed = await submit(httpGet());
    const pending = await submit(shell("ls"));
    const answers: [string, string, unknown, number][] = [
      ["GET", "/v1/actions/%00", undefined, 404],
      ["GET", `/v1/actions/${allowed.id}%00`, undefined, 404],
      ["GET", "/v1/actions/a%00b/events", undefined, 404],
      ["GET", "/v1/actions/a%00b/verify", undefined, 404],
      ["POST", "/v1/actions/%00/start", undefined, 404],
      ["GET", "/v1/actions?q=x%00", undefined, 422],
      ["GET", "/v1/actions?cursor=%00", undefined, 422],
      ["GET", "/v1/actions?agent_id=a%00", undefined, 422],
      ["POST", `/v1/actions/${pending.id}/approval`, { approve: true, reason: "ok\u0000" }, 422],
      ["POST", "/v1/tokens", { name: "bot\u0000", role: "viewer" }, 422],
      ["DELETE", "/v1/tokens/%00", undefined, 404],
    ];
    for (const [method, path, body, status] of answers) {
      const res = await h.call(method, path, body === undefined ? {} : { body });
      expect([method, path, res.status]).toEqual([method, path, status]);
      expect(((await res.json()) as { code: string }).code).not.toBe("INTERNAL");
    }
    expect((await h.call("POST", `/v1/actions/${allowed.id}/start`)).status).toBe(200);
    const failed = await h.call("POST", `/v1/actions/${allowed.id}/result`, {
      body: { success: false, error: "boom\u0000" },
    });
    expect(failed.status).toBe(422);
    const actions = (await (await h.call("GET", `/v1/actions/${allowed.id}`)).json()) as {
      status: string;
    };
    expect(actions.status).toBe("executing");
    expect((await h.store.getAction(pending.id)).status).toBe("pending_approval");
    expect(await h.store.tokens.list()).toEqual([]);
    expect((await h.store.verifyLedger()).ok).toBe(true);
  });
});
