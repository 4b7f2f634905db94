import { describe, expect, it } from "vitest";
import { conflict, isStoreError, StoreError } from "./errors.js";

describe("isStoreError", () => {
  it("recognises the brand, not the class, so duplicated module copies agree", () => {
    const copy = Object.assign(new Error("x"), {
      [Symbol.for("@faramesh/store/StoreError")]: true,
      code: "NOT_FOUND",
    });
    expect(isStoreError(copy)).toBe(true);
    expect(isStoreError(copy, "NOT_FOUND")).toBe(true);
    expect(isStoreError(copy, "CONFLICT")).toBe(false);
    expect(isStoreError(new Error("x"))).toBe(false);
    expect(isStoreError(null)).toBe(false);
  });

  it("names the current status in a conflict", () => {
    const error = conflict("a1", "denied", ["pending_approval"], "approve");
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toBe("Action 'a1' is denied; approve needs pending_approval");
    expect(error.currentStatus).toBe("denied");
  });
});
