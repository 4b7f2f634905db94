import { canonicalize, type JsonObject, requestHash } from "@faramesh/policy-engine/canonical";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recordHash } from "./hash.js";
import { recordHashOfRow, requestHashOfRow } from "./text-hash.js";

const json = fc.jsonValue() as fc.Arbitrary<unknown>;
const object = fc.dictionary(fc.string(), json) as fc.Arbitrary<JsonObject>;
const text = fc.string({ unit: "grapheme" });

describe("hashing stored canonical text", () => {
  it("gives the record_hash that recordHash gives for the parsed event", () => {
    fc.assert(
      fc.property(
        text,
        text,
        text,
        text,
        object,
        fc.option(fc.string()),
        fc.nat(),
        (a, c, t, id, meta, prev, seq) => {
          const event = {
            action_id: a,
            created_at: c,
            event_type: t,
            id,
            meta,
            prev_hash: prev,
            seq,
          };
          const row = { ...event, meta: canonicalize(meta), record_hash: null };
          expect(recordHashOfRow(row)).toBe(recordHash(event));
        },
      ),
    );
  });

  it("gives the request_hash that requestHash gives for the parsed request", () => {
    fc.assert(
      fc.property(
        text,
        text,
        text,
        object,
        object,
        (agent_id, tool, operation, params, context) => {
          const row = {
            agent_id,
            tool,
            operation,
            params: canonicalize(params),
            context: canonicalize(context),
          };
          expect(requestHashOfRow(row)).toBe(
            requestHash({ agent_id, tool, operation, params, context }),
          );
        },
      ),
    );
  });

  it("matches the SPEC 3 request_hash vector", () => {
    const row = { agent_id: "a", tool: "http", operation: "get", params: "{}", context: "{}" };
    expect(requestHashOfRow(row)).toBe(
      "3f25a5f01f9caed2683a6c6904974d61a9cb46e57459f6226a81f93cdfa4364b",
    );
  });

  it("does not match non-canonical text", () => {
    const row = { agent_id: "a", tool: "http", operation: "get", params: "{ }", context: "{}" };
    expect(requestHashOfRow(row)).not.toBe(
      "3f25a5f01f9caed2683a6c6904974d61a9cb46e57459f6226a81f93cdfa4364b",
    );
  });
});
