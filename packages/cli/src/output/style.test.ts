import { describe, expect, it } from "vitest";
import { timeLeft } from "../render/action.js";
import { age, count, duration } from "./style.js";

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

describe("duration", () => {
  it("shows seconds below a minute, then two units", () => {
    expect(duration(12.4)).toBe("12s");
    expect(duration(95)).toBe("1m35s");
    expect(duration(120)).toBe("2m");
    expect(duration(2 * 3600 + 5 * 60 + 9)).toBe("2h5m");
    expect(duration(3 * 86_400 + 4 * 3600)).toBe("3d4h");
  });
});
