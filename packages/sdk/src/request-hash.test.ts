import { describe, expect, it } from "vitest";
import { computeRequestHash, verifyRequestHash } from "./request-hash.js";

// The vectors of SPEC section 3, shared with the server and Faramesh 0.3.
describe("computeRequestHash", () => {
  it("matches the SPEC vectors", () => {
    expect(
      computeRequestHash({
        agent_id: "a1",
        tool: "http",
        operation: "get",
        params: { url: "https://example.com" },
      }),
    ).toBe("4d87a949aee40a3a2bdd1af9865f299a2565f8f0b7a69311401d1bbb8eb746b2");
    expect(computeRequestHash({ agent_id: "a", tool: "http", operation: "get", params: {} })).toBe(
      "3f25a5f01f9caed2683a6c6904974d61a9cb46e57459f6226a81f93cdfa4364b",
    );
    expect(
      computeRequestHash({
        agent_id: "x",
        tool: "http",
        operation: "get",
        params: { msg: "café ☕", f: 1.0, i: 10, big: 12345678901234567890n, e: 1e-7 },
      }),
    ).toBe("6a4505adaea9badd41308712cf9f80d6cbb0abb0997c4bfe5121e2dca011ee69");
  });

  it("defaults context to {}", () => {
    const base = { agent_id: "a", tool: "http", operation: "get", params: {} };
    expect(computeRequestHash({ ...base, context: {} })).toBe(computeRequestHash(base));
    expect(computeRequestHash({ ...base, context: { k: 1 } })).not.toBe(computeRequestHash(base));
  });
});

describe("verifyRequestHash", () => {
  const action = {
    agent_id: "a",
    tool: "http",
    operation: "get",
    params: {},
    request_hash: "3f25a5f01f9caed2683a6c6904974d61a9cb46e57459f6226a81f93cdfa4364b",
  };

  it("accepts an action whose hash covers its fields, or the call about to run", () => {
    expect(verifyRequestHash(action)).toBe(true);
    expect(
      verifyRequestHash(
        { ...action, params: { redacted: "[REDACTED]" } },
        { ...action, params: {} },
      ),
    ).toBe(true);
  });

  it("rejects changed fields and values without a canonical form", () => {
    expect(verifyRequestHash({ ...action, params: { x: 1 } })).toBe(false);
    expect(verifyRequestHash({ ...action, params: { x: Number.NaN } })).toBe(false);
  });
});
