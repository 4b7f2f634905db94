import { requestHash } from "@faramesh/policy-engine";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness, httpGet, shell } from "../../test/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const json = async (res: Response) => JSON.parse(await res.text());

describe("POST /v1/actions", () => {
  it("stores an allowed action with its hashes and ledger events", async () => {
    const res = await h.call("POST", "/v1/actions", { body: httpGet() });
    expect(res.status).toBe(200);
    const action = await json(res);
    expect(action).toMatchObject({
      status: "allowed",
      decision: "allow",
      outcome: "EXECUTE",
      reason_code: "POLICY_ALLOW",
      approval_token: null,
      policy_version: "test-policy",
      runtime_version: "test",
    });
    expect(action.request_hash).toBe(requestHash(httpGet()));
    const events = await json(await h.call("GET", `/v1/actions/${action.id}/events`));
    expect(events.map((e: { event_type: string }) => e.event_type)).toEqual([
      "created",
      "decision_made",
    ]);
    expect(events[0].meta.request_hash).toBe(action.request_hash);
  });

  it("denies by policy and by default", async () => {
    expect(
      await json(await h.call("POST", "/v1/actions", { body: shell("rm -rf /") })),
    ).toMatchObject({ status: "denied", reason_code: "POLICY_DENY" });
    expect(
      await json(await h.call("POST", "/v1/actions", { body: { ...httpGet(), tool: "ftp" } })),
    ).toMatchObject({ status: "denied", reason_code: "DEFAULT_DENY_NO_MATCH" });
  });

  it("holds approval-requiring actions with a token and a deadline", async () => {
    const action = await json(await h.call("POST", "/v1/actions", { body: shell("ls") }));
    expect(action.status).toBe("pending_approval");
    expect(action.approval_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(action.approval_expires_at).toBe("2026-11-23T13:00:00.000Z");
  });

  it("gives every pending action its own token, across the random pool's refills", async () => {
    const tokens = new Set<string>();
    for (let k = 0; k < 300; k++) {
      const action = await json(await h.call("POST", "/v1/actions", { body: shell(`ls ${k}`) }));
      expect(action.approval_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      tokens.add(action.approval_token);
    }
    expect(tokens.size).toBe(300);
  });

  it("counts identifier length in characters, not UTF-16 units", async () => {
    const res = await h.call("POST", "/v1/actions", {
      body: { ...httpGet(), agent_id: "🤖".repeat(200) },
    });
    expect(res.status).toBe(200);
  });

  it("keeps every digit of big integers and never rewrites strings", async () => {
    const body =
      '{"agent_id":"a","tool":"http","operation":"get","params":{"id":12345678901234567890,"s":" padded "}}';
    const text = await (await h.call("POST", "/v1/actions", { body })).text();
    expect(text).toContain('"id":12345678901234567890');
    expect(text).toContain('"s":" padded "');
  });

  it.each([
    ["an unknown field", { ...httpGet(), extra: 1 }, "extra"],
    ["a missing field", { agent_id: "a", tool: "http", params: {} }, "operation"],
    ["params that are an array", { ...httpGet(), params: [] }, "params"],
    ["a control character in tool", { ...httpGet(), tool: "ht\u0007tp" }, "tool"],
    ["a zero-width character", { ...httpGet(), agent_id: "a\u200bb" }, "agent_id"],
    ["a bidi override", { ...httpGet(), operation: "get\u202e" }, "operation"],
    ["leading whitespace", { ...httpGet(), agent_id: " a" }, "agent_id"],
    ["an empty tool", { ...httpGet(), tool: "" }, "tool"],
    ["Unicode tag characters", { ...httpGet(), tool: "http\u{E0041}\u{E0042}" }, "tool"],
    ["a soft hyphen", { ...httpGet(), tool: "ht\u00adtp" }, "tool"],
    ["a line separator", { ...httpGet(), operation: "get\u2028x" }, "operation"],
    ["a word joiner", { ...httpGet(), agent_id: "a\u2060b" }, "agent_id"],
    ["a 257-character tool", { ...httpGet(), tool: "t".repeat(257) }, "tool"],
  ])("refuses %s with 422 naming the field", async (_, body, field) => {
    const res = await h.call("POST", "/v1/actions", { body });
    expect(res.status).toBe(422);
    const error = await json(res);
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect((await h.store.listActions()).total).toBe(0);
  });

  it.each([
    [
      "duplicate keys",
      '{"agent_id":"a","tool":"http","operation":"get","params":{"x":1,"x":1}}',
      "params.x",
    ],
    [
      "an unrepresentable number",
      '{"agent_id":"a","tool":"http","operation":"get","params":{"n":1e400}}',
      "params.n",
    ],
    ["malformed JSON", '{"agent_id":"a",', ""],
    [
      "nesting deeper than 32",
      `{"agent_id":"a","tool":"http","operation":"get","params":${"[".repeat(40)}${"]".repeat(40)}}`,
      "params",
    ],
  ])("refuses %s with 422", async (_, body, path) => {
    const res = await h.call("POST", "/v1/actions", { body });
    expect(res.status).toBe(422);
    expect((await json(res)).errors[0].path).toContain(path);
  });

  it("refuses params beyond 100 000 canonical bytes and bodies beyond 1 MiB", async () => {
    const big = await h.call("POST", "/v1/actions", {
      body: { ...httpGet(), params: { blob: "x".repeat(100_001) } },
    });
    expect(big.status).toBe(422);
    expect((await json(big)).errors[0]).toMatchObject({ path: "params" });
    const huge = await h.call("POST", "/v1/actions", {
      body: { ...httpGet(), params: { blob: "x".repeat(1_100_000) } },
    });
    expect(huge.status).toBe(413);
    expect(await json(huge)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("stops reading a chunked body at the limit instead of buffering it", async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode(`"${"x".repeat(65_534)}",`);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"params":['));
      },
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 64 * 1_048_576) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await h.app.request("/v1/actions", {
      method: "POST",
      headers: {
        authorization: "Bearer admin-token-0123456789abcdef",
        "content-type": "application/json",
      },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(2 * 1_048_576);
  });

  it.each(["[1]", '"text"', "null", "42"])(
    "refuses a body that is %s rather than an object",
    async (body) => {
      const res = await h.call("POST", "/v1/actions", { body });
      expect(res.status).toBe(422);
      expect((await json(res)).errors).toEqual([
        { path: "", message: "body must be a JSON object" },
      ]);
    },
  );

  it("refuses a body that is not JSON with 415", async () => {
    const res = await h.call("POST", "/v1/actions", {
      body: "agent_id=a",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(415);
  });

  it("never lets __proto__ in params reach a prototype", async () => {
    const body =
      '{"agent_id":"a","tool":"http","operation":"get","params":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}';
    const action = await json(await h.call("POST", "/v1/actions", { body }));
    expect(action.status).toBe("allowed");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const stored = await h.store.getAction(action.id);
    expect(Object.keys(stored.params)).toEqual(["__proto__", "constructor"]);
  });

  it.each([["x".repeat(256)], [""], ["has space"]])(
    "refuses the Idempotency-Key %j with 400",
    async (key) => {
      const res = await h.call("POST", "/v1/actions", {
        body: shell("ls"),
        headers: { "idempotency-key": key },
      });
      expect(res.status).toBe(400);
    },
  );

  it("returns the same action for a repeated Idempotency-Key and refuses another body", async () => {
    const headers = { "idempotency-key": "key-1" };
    const first = await json(await h.call("POST", "/v1/actions", { body: shell("ls"), headers }));
    const again = await h.call("POST", "/v1/actions", { body: shell("ls"), headers });
    expect((await json(again)).id).toBe(first.id);
    const other = await h.call("POST", "/v1/actions", { body: shell("pwd"), headers });
    expect(other.status).toBe(409);
    expect((await json(other)).code).toBe("IDEMPOTENCY_CONFLICT");
    expect((await h.store.listActions()).total).toBe(1);
  });
});

describe("GET /v1/actions", () => {
  it("lists newest first with filters, pagination and a total", async () => {
    for (const cmd of ["ls", "pwd", "rm -rf /"])
      await h.call("POST", "/v1/actions", { body: shell(cmd) });
    await h.call("POST", "/v1/actions", { body: httpGet() });
    const all = await h.call("GET", "/v1/actions?limit=2");
    expect(all.headers.get("x-total-count")).toBe("4");
    const page = await json(all);
    expect(page.map((a: { tool: string }) => a.tool)).toEqual(["http", "shell"]);
    const next = await json(
      await h.call("GET", `/v1/actions?limit=2&cursor=${all.headers.get("x-next-cursor")}`),
    );
    expect(next.map((a: { params: { cmd: string } }) => a.params.cmd)).toEqual(["pwd", "ls"]);
    const denied = await h.call("GET", "/v1/actions?status=denied");
    expect(denied.headers.get("x-total-count")).toBe("1");
    expect((await json(await h.call("GET", "/v1/actions?q=PWD"))).length).toBe(1);
  });

  it.each(["limit=0", "limit=1001", "limit=abc", "status=bogus", "unknown=1", "offset=-1"])(
    "refuses ?%s with 422",
    async (query) => {
      expect((await h.call("GET", `/v1/actions?${query}`)).status).toBe(422);
    },
  );
});

describe("GET /v1/actions/{id}", () => {
  it("answers 404 with the SPEC envelope", async () => {
    const res = await h.call("GET", "/v1/actions/nope");
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ detail: "Action 'nope' not found", code: "NOT_FOUND" });
  });
});

describe("redaction", () => {
  it("masks redact: paths in what is stored and shown, hashing what was sent", async () => {
    const r = await harness({
      policy:
        "rules:\n  - match: { tool: payments }\n    allow: true\nredact: [card.number, '/^sk_live_/']\n",
    });
    try {
      const body = {
        agent_id: "a",
        tool: "payments",
        operation: "charge",
        params: { card: { number: "4242424242424242" }, key: "sk_live_123", amount: 5 },
      };
      const action = await json(await r.call("POST", "/v1/actions", { body }));
      expect(action).toMatchObject({
        redacted: true,
        params: { card: { number: "[REDACTED]" }, key: "[REDACTED]", amount: 5 },
      });
      expect(action.request_hash).toBe(requestHash(body));
      const events = await (await r.call("GET", `/v1/actions/${action.id}/events`)).text();
      expect(events).not.toContain("4242424242424242");
      expect((await r.store.verifyLedger()).ok).toBe(true);
    } finally {
      await r.close();
    }
  });
});
