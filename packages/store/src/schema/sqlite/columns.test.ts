import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packHash, unpackHash } from "./columns.js";

describe("hash columns", () => {
  it("store a lowercase SHA-256 hex as its 32 bytes and read it back exactly", () => {
    const hex = "0f".repeat(32);
    const packed = packHash(hex);
    expect(packed).toBeInstanceOf(Buffer);
    expect((packed as Buffer).length).toBe(32);
    expect(unpackHash(packed)).toBe(hex);
  });

  it("keep every other value as the text it is", () => {
    fc.assert(
      fc.property(fc.option(fc.string()), (value) => {
        expect(unpackHash(packHash(value))).toBe(value);
      }),
    );
    for (const value of ["AB".repeat(32), "ab".repeat(31), `${"ab".repeat(32)}0`]) {
      expect(packHash(value)).toBe(value);
    }
  });
});
