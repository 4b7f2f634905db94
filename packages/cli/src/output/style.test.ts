import { describe, expect, it } from "vitest";
import { timeLeft } from "../render/action.js";
import { age, count } from "./style.js";

const NOW = Date.parse("2026-01-01T12:00:00.000Z");
const at = (ms: number) => new Date(NOW + ms).toISOString();

describe("age", () => {
  it("rounds down to whole units, so 59m59.9s is 59m and an hour is 1h", () => {
    expect(age(at(-59_900), NOW)).toBe("59s");
    expect(age(at(-3_599_900), NOW)).toBe("59m");
    expect(age(at(-3_600_000), NOW)).toBe("1h");
    expect(age(at(-(86_400_000 * 2 + 5)), NOW)).toBe("2d");
    expect(age(at(5_000), NOW)).toBe("0s");
  });
});

describe("timeLeft", () => {
  it("never shows a deadline later than the real one", () => {
    expect(timeLeft(at(3_599_400), NOW)).toBe("expires in 59m");
    expect(timeLeft(at(3_600_000), NOW)).toBe("expires in 1h");
    expect(timeLeft(at(-61_000), NOW)).toBe("expired 1m ago");
  });
});

describe("count", () => {
  it("marks a total the server stopped counting at its cap", () => {
    expect(count(1000, true)).toBe("1000+");
    expect(count(12, false)).toBe("12");
  });
});
