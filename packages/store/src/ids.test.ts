import { describe, expect, it } from "vitest";
import { uuidv7 } from "./ids.js";

describe("uuidv7", () => {
  it("writes a version 7, variant 10 UUID with the millisecond prefix", () => {
    const id = uuidv7(Date.UTC(2026, 10, 1));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(Date.UTC(2026, 10, 1));
  });

  it("sorts in creation order within a millisecond and when the clock steps back", () => {
    const ms = Date.UTC(2031, 0, 1);
    const ids = [uuidv7(ms), uuidv7(ms), uuidv7(ms), uuidv7(ms - 5), uuidv7(ms + 1)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
