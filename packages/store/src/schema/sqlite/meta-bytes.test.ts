import { randomBytes } from "node:crypto";
import { canonicalize, type JsonObject } from "@faramesh/policy-engine/canonical";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packMeta, unpackMeta } from "./meta-bytes.js";

const hash = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((b) => Buffer.from(b).toString("hex"));
// Values the packer has tokens for, mixed with anything JSON allows.
const word = fc.constantFrom("allow", "deny", "low", "critical", "POLICY_DENY", "decision", "x");
const value = fc.oneof(hash, word, fc.constant(null), fc.jsonValue()) as fc.Arbitrary<unknown>;
const key = fc.oneof(
  fc.constantFrom("decision", "request_hash", "policy_hash", "reason", "rule_id", "by", "role"),
  fc.string({ unit: "grapheme" }),
);
const meta = fc.dictionary(key, value) as fc.Arbitrary<JsonObject>;

describe("packed ledger meta", () => {
  it("unpacks to exactly the canonical text it packed", () => {
    fc.assert(
      fc.property(meta, (m) => {
        const text = canonicalize(m);
        expect(unpackMeta(packMeta(text))).toBe(text);
      }),
      { numRuns: 2_000 },
    );
  });

  it("packs a typical created event to well under half its text", () => {
    const text = canonicalize({
      approval_expires_at: null,
      decision: "require_approval",
      policy_version: "v12",
      request_hash: randomBytes(32).toString("hex"),
      risk_level: "medium",
    });
    const packed = packMeta(text);
    expect(packed).toBeInstanceOf(Buffer);
    expect(packed.length).toBeLessThan(text.length / 2);
  });

  it("keeps text with a control character, and any text, as it is", () => {
    expect(packMeta('{"a":"\u0001"}')).toBe('{"a":"\u0001"}');
    expect(unpackMeta('{"decision":"allow"}')).toBe('{"decision":"allow"}');
  });

  it("reads a hash cut short as U+FFFD, so they cannot hash as the original", () => {
    const packed = packMeta(canonicalize({ request_hash: "ab".repeat(32) })) as Buffer;
    expect(unpackMeta(packed.subarray(0, packed.length - 5))).toContain("\ufffd");
  });
});
