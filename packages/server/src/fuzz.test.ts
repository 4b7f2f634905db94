import { canonicalize, parseJson } from "@faramesh/policy-engine/canonical";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, harness } from "../test/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

const key = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "agent_id",
    "params",
    "amount",
    "cmd",
  ),
  fc.string({ maxLength: 8 }),
);
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
    fc.boolean(),
    fc.constant(null),
  ),
  node: fc.oneof(
    { depthSize: "small" },
    tie("leaf"),
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(key, tie("node"), { maxKeys: 4 }),
  ),
})).node;

const body = fc.oneof(
  fc.record(
    {
      agent_id: fc.string({ maxLength: 10 }),
      tool: fc.constantFrom("http", "shell", "deploy", "x"),
      operation: fc.string({ maxLength: 6 }),
      params: fc.dictionary(key, value, { maxKeys: 5 }),
      context: fc.option(fc.dictionary(key, value, { maxKeys: 3 })),
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(key, value),
  value,
);

const post = (path: string, text: string) =>
  h.app.request(path, {
    method: "POST",
    headers: {
      authorization: "Bearer admin-token-0123456789abcdef",
      "content-type": "application/json",
    },
    body: text,
  });

describe("request fuzzing", () => {
  it("never answers 5xx, never crashes, never pollutes a prototype", async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom("/v1/actions", "/v1/gate/decide"),
        async (input, path) => {
          const res = await post(path, canonicalize(input));
          expect(res.status).toBeLessThan(500);
          expect(JSON.parse(await res.text())).toHaveProperty(
            res.status === 200 ? "outcome" : "code",
          );
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(Object.prototype).not.toHaveProperty("cmd");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never answers 5xx to malformed text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (text) => {
        expect((await post("/v1/actions", text)).status).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  });

  it("decides the canonical round trip of any accepted body the same way", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          agent_id: fc.constantFrom("a", "b"),
          tool: fc.constantFrom("http", "shell", "deploy"),
          operation: fc.constantFrom("get", "run"),
          params: fc.dictionary(key, value, { maxKeys: 5 }),
        }),
        async (input) => {
          const direct = await post("/v1/gate/decide", canonicalize(input));
          const replayed = await post(
            "/v1/gate/decide",
            canonicalize(parseJson(canonicalize(input))),
          );
          expect(await replayed.text()).toBe(await direct.text());
        },
      ),
      { numRuns: 150 },
    );
  });
});
