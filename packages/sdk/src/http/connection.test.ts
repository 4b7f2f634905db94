import { describe, expect, it } from "vitest";
import { connectionError } from "./connection.js";
import { backoffDelay } from "./retry.js";

const fetchFailed = (cause: unknown) => Object.assign(new TypeError("fetch failed"), { cause });

describe("connectionError", () => {
  it.each([
    [
      fetchFailed(
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
      ),
      "refused",
      false,
    ],
    [
      fetchFailed(new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })])),
      "refused",
      false,
    ],
    [
      fetchFailed(Object.assign(new Error("getaddrinfo ENOTFOUND nope"), { code: "ENOTFOUND" })),
      "dns",
      false,
    ],
    [
      fetchFailed(
        Object.assign(new Error("Connect Timeout Error"), { code: "UND_ERR_CONNECT_TIMEOUT" }),
      ),
      "connect_timeout",
      false,
    ],
    [
      fetchFailed(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" })),
      "reset",
      true,
    ],
    [
      new TypeError("error sending request: tcp connect error: Connection refused (os error 111)"),
      "refused",
      false,
    ],
    [new TypeError("Failed to fetch"), "unknown", true],
  ])("classifies %s", (error, failure, mayHaveReachedServer) => {
    const classified = connectionError(error, "http://x");
    expect(classified.failure).toBe(failure);
    expect(classified.mayHaveReachedServer).toBe(mayHaveReachedServer);
  });
});

describe("backoffDelay", () => {
  it("grows exponentially with jitter, honours Retry-After and caps at 10 s", () => {
    for (let i = 0; i < 50; i++) {
      const d0 = backoffDelay(0, 100);
      const d3 = backoffDelay(3, 100);
      expect(d0).toBeGreaterThanOrEqual(50);
      expect(d0).toBeLessThan(100);
      expect(d3).toBeGreaterThanOrEqual(400);
      expect(d3).toBeLessThan(800);
    }
    expect(backoffDelay(0, 100, "3")).toBe(3000);
    expect(backoffDelay(0, 100, "3600")).toBe(10_000);
    expect(backoffDelay(30, 100)).toBeLessThanOrEqual(10_000);
  });
});
