import { describe, expect, it } from "vitest";
import { action, policyOf } from "../../test/helpers.js";
import { decide } from "../decide.js";
import { requestHash } from "../hashes.js";
import {
  checkGrantMatch,
  type GrantScope,
  grantBeyondCaps,
  grantCovers,
  grantTerms,
} from "./grant.js";

const scope = (over: Partial<GrantScope> = {}): GrantScope => ({
  agent_id: "agent-1",
  tool: "payments",
  operation: "refund",
  request_hash: null,
  match: null,
  ...over,
});

describe("grantCovers", () => {
  const call = action("payments", "refund", { amount: 40, currency: "EUR" });
  const hash = requestHash(call);

  it("covers the agent, tool and operation with any params when nothing scopes them", () => {
    expect(grantCovers(scope(), call, hash)).toBe(true);
    expect(grantCovers(scope({ agent_id: "*", operation: "*" }), call, hash)).toBe(true);
  });

  it("does not cover another agent, tool or operation", () => {
    expect(grantCovers(scope({ agent_id: "agent-2" }), call, hash)).toBe(false);
    expect(grantCovers(scope({ tool: "payment" }), call, hash)).toBe(false);
    expect(grantCovers(scope({ operation: "charge" }), call, hash)).toBe(false);
    // a tool is never a pattern in a grant
    expect(grantCovers(scope({ tool: "*" }), call, hash)).toBe(false);
  });

  it("covers only the exact request when it names a request hash", () => {
    expect(grantCovers(scope({ request_hash: hash }), call, hash)).toBe(true);
    const other = action("payments", "refund", { amount: 41, currency: "EUR" });
    expect(grantCovers(scope({ request_hash: hash }), other, requestHash(other))).toBe(false);
  });

  it("evaluates match conditions with the policy's evaluator", () => {
    const small = scope({ match: { field: "amount", lte: 50 } });
    expect(grantCovers(small, call, hash)).toBe(true);
    const big = action("payments", "refund", { amount: 5000, currency: "EUR" });
    expect(grantCovers(small, big, requestHash(big))).toBe(false);
    const text = action("payments", "refund", { amount: "5", currency: "EUR" });
    expect(grantCovers(small, text, requestHash(text))).toBe(false);
  });

  it("covers nothing when its match is invalid (fail closed)", () => {
    expect(grantCovers(scope({ match: { pattern: "(" } }), call, hash)).toBe(false);
    expect(grantCovers(scope({ match: { nope: 1 } }), call, hash)).toBe(false);
  });
});

describe("checkGrantMatch", () => {
  it("accepts what a rule's match accepts", () => {
    expect(checkGrantMatch({ field: "amount", lte: 50 }).ok).toBe(true);
  });

  it.each([
    [{}, "match: must have at least one condition"],
    [{ pattern: "(" }, "match.pattern: regex is not RE2 syntax"],
    [{ extra: 1 }, 'match.extra: unknown key "extra"'],
    [{ gt: 3 }, "match.gt: gt needs a field"],
    [{ amount_gt: "3" }, "match.amount_gt: must be a number"],
    ["x", "match: must be a mapping"],
  ])("refuses %j", (match, message) => {
    const checked = checkGrantMatch(match);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? "" : checked.errors.join("\n")).toContain(message);
  });
});

describe("grantTerms", () => {
  const policy = policyOf(`rules:
  - id: small-refunds
    match: { tool: payments, op: refund, amount_lte: 100 }
    require_approval: true
    grant_max_ttl: 7d
    grant_max_uses: 10
  - id: large-refunds
    match: { tool: payments, op: refund }
    require_approval: true
    grantable: false
  - id: http
    match: { tool: http }
    allow: true
  - id: shell
    match: { tool: shell }
    require_approval: true
`);
  const terms = (call: ReturnType<typeof action>) =>
    grantTerms(policy, decide(call, { policy, runtimeVersion: "0" }));

  it("gives the caps of the rule that sent the action to approval", () => {
    expect(terms(action("payments", "refund", { amount: 5 }))).toEqual({
      grantable: true,
      rule_id: "small-refunds",
      maxTtlSeconds: 604800,
      maxUses: 10,
    });
    expect(terms(action("shell", "run"))).toEqual({
      grantable: true,
      rule_id: "shell",
      maxTtlSeconds: null,
      maxUses: null,
    });
  });

  it("refuses for a rule that forbids grants and for decisions that are not approvals", () => {
    expect(terms(action("payments", "refund", { amount: 5000 }))).toMatchObject({
      grantable: false,
      why: "rule large-refunds is not grantable",
    });
    expect(terms(action("http", "get")).grantable).toBe(false);
    expect(terms(action("nothing", "x")).grantable).toBe(false);
  });

  it("refuses grants beyond the caps instead of trimming them", () => {
    const capped = terms(action("payments", "refund", { amount: 5 }));
    if (!capped.grantable) throw new Error("expected grantable");
    const at = "2026-12-05T00:00:00.000Z";
    const in7d = "2026-12-12T00:00:00.000Z";
    expect(grantBeyondCaps({ created_at: at, expires_at: in7d, max_uses: 10 }, capped)).toBeNull();
    expect(grantBeyondCaps({ created_at: at, expires_at: null, max_uses: 10 }, capped)?.field).toBe(
      "ttl",
    );
    expect(
      grantBeyondCaps(
        { created_at: at, expires_at: "2026-12-12T00:00:00.001Z", max_uses: 1 },
        capped,
      )?.field,
    ).toBe("ttl");
    expect(grantBeyondCaps({ created_at: at, expires_at: in7d, max_uses: 11 }, capped)).toEqual({
      field: "max_uses",
      message: "rule small-refunds allows grants of at most 10 uses (grant_max_uses)",
    });
    expect(
      grantBeyondCaps({ created_at: at, expires_at: in7d, max_uses: null }, capped)?.field,
    ).toBe("max_uses");
  });
});
