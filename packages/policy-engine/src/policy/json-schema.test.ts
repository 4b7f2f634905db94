import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyJsonSchema } from "./json-schema.js";

describe("policy.schema.json", () => {
  it("is in sync with the valibot schema (run `pnpm generate:schema` after changing it)", () => {
    const shipped = readFileSync(new URL("../../policy.schema.json", import.meta.url), "utf8");
    expect(JSON.parse(shipped)).toEqual(policyJsonSchema());
  });
});
