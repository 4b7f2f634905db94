import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SlackVerifier } from "./signature.js";

const SECRET = "slack-signing-secret";
const NOW = Date.parse("2026-12-06T00:00:00.000Z");
const sign = (ts: string, body: string, secret = SECRET) =>
  `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;

describe("SlackVerifier", () => {
  const ts = String(NOW / 1000);

  it("accepts a request Slack signed just now, once", () => {
    const verifier = new SlackVerifier(SECRET, () => NOW);
    expect(verifier.check(ts, sign(ts, "payload=1"), "payload=1")).toBe("ok");
    expect(verifier.check(ts, sign(ts, "payload=1"), "payload=1")).toBe("replay");
  });

  it("refuses a missing, wrong or differently keyed signature", () => {
    const verifier = new SlackVerifier(SECRET, () => NOW);
    expect(verifier.check(ts, undefined, "a")).toBe("unsigned");
    expect(verifier.check(ts, sign(ts, "b"), "a")).toBe("bad_signature");
    expect(verifier.check(ts, sign(ts, "a", "other"), "a")).toBe("bad_signature");
    expect(verifier.check(ts, "v0=short", "a")).toBe("bad_signature");
    expect(verifier.check("12x", sign("12x", "a"), "a")).toBe("bad_signature");
  });

  it("refuses a timestamp more than five minutes away", () => {
    const verifier = new SlackVerifier(SECRET, () => NOW);
    const old = String(NOW / 1000 - 301);
    expect(verifier.check(old, sign(old, "a"), "a")).toBe("stale");
    const future = String(NOW / 1000 + 301);
    expect(verifier.check(future, sign(future, "a"), "a")).toBe("stale");
  });

  it("forgets signatures once they are out of the window, and refuses when full", () => {
    let now = NOW;
    const verifier = new SlackVerifier(SECRET, () => now, 2);
    expect(verifier.check(ts, sign(ts, "a"), "a")).toBe("ok");
    expect(verifier.check(ts, sign(ts, "b"), "b")).toBe("ok");
    expect(verifier.check(ts, sign(ts, "c"), "c")).toBe("busy");
    now += 10 * 60 * 1000 + 1000;
    const later = String(now / 1000);
    expect(verifier.check(later, sign(later, "c"), "c")).toBe("ok");
  });
});
