import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "./codes.js";
import {
  FarameshApprovalTimeoutError,
  FarameshAuthError,
  FarameshConflictError,
  FarameshDeniedError,
  FarameshError,
  FarameshNotFoundError,
  FarameshServerError,
  FarameshValidationError,
  isFarameshError,
} from "./errors.js";
import { errorFromResponse } from "./from-response.js";

describe("errorFromResponse", () => {
  it.each([
    [400, "BAD_REQUEST", FarameshValidationError],
    [401, "UNAUTHORIZED", FarameshAuthError],
    [403, "FORBIDDEN", FarameshAuthError],
    [404, "NOT_FOUND", FarameshNotFoundError],
    [409, "CONFLICT", FarameshConflictError],
    [413, "PAYLOAD_TOO_LARGE", FarameshValidationError],
    [422, "VALIDATION_ERROR", FarameshValidationError],
    [429, "RATE_LIMITED", FarameshServerError],
    [500, "INTERNAL", FarameshServerError],
    [503, "UNAVAILABLE", FarameshServerError],
  ])("maps %i %s to its class", (status, code, Class) => {
    const error = errorFromResponse(status, { detail: "why", code });
    expect(error).toBeInstanceOf(Class);
    expect(error).toMatchObject({ status, code, message: "why" });
  });

  it("keeps field errors and the current status from the envelope", () => {
    const error = errorFromResponse(409, {
      detail: "Action is executing",
      code: "CONFLICT",
      current_status: "executing",
      errors: [{ path: "params.x", message: "bad" }, { nonsense: true }],
    });
    expect(error.currentStatus).toBe("executing");
    expect(error.errors).toEqual([{ path: "params.x", message: "bad" }]);
  });

  it("still gives a typed error for a body that is not an envelope", () => {
    const error = errorFromResponse(418, "<html>");
    expect(error).toBeInstanceOf(FarameshError);
    expect(error).toMatchObject({ status: 418, code: "HTTP_ERROR", message: "HTTP 418" });
  });
});

describe("isFarameshError", () => {
  it("recognises errors by brand, across copies of the class", () => {
    const foreign = Object.assign(new Error("x"), {
      [Symbol.for("@faramesh/sdk/FarameshError")]: true,
      code: "DENIED",
    });
    expect(isFarameshError(foreign)).toBe(true);
    expect(isFarameshError(foreign, "DENIED")).toBe(true);
    expect(isFarameshError(foreign, "CONFLICT")).toBe(false);
    expect(isFarameshError(new Error("x"))).toBe(false);
    expect(isFarameshError(null)).toBe(false);
  });

  it("narrows by code", () => {
    const error: unknown = new FarameshDeniedError({
      actionId: "a",
      reasonCode: "POLICY_DENY",
      reason: "no",
      riskLevel: "low",
    });
    if (!isFarameshError(error, "DENIED")) throw new Error("expected a denial");
    expect(error.reasonCode).toBe("POLICY_DENY");
    expect(error.message).toBe("Action denied by policy (POLICY_DENY): no");
  });
});

describe("error codes", () => {
  it("keeps the server's status for each server code and none for client codes", () => {
    expect(ERROR_CODES.CONFLICT).toBe(409);
    expect(ERROR_CODES.DENIED).toBeNull();
    const timeout = new FarameshApprovalTimeoutError("a", { expired: false, timeoutMs: 5 });
    expect(timeout).toMatchObject({
      code: "APPROVAL_TIMEOUT",
      reasonCode: "APPROVAL_TIMEOUT",
      expired: false,
    });
  });
});
