import { describe, expect, it } from "vitest";
import { action, policyOf } from "../../test/helpers.js";
import { decide } from "../decide.js";
import type { ToolCall } from "../types.js";

/** Whether a one-rule policy with this match allows the action. */
function matches(match: string, act: ToolCall): boolean {
  const policy = policyOf(`rules:\n  - match: ${match}\n    allow: true\n`);
  return decide(act, { policy, runtimeVersion: "t" }).decision === "allow";
}

const pay = (amount: unknown) =>
  action("payments", "refund", amount === undefined ? {} : { amount });

describe("match conditions", () => {
  it.each([
    ["{ tool: http }", action("http", "get"), true],
    ["{ tool: http }", action("https", "get"), false],
    ["{ tool: '*' }", action("anything", "x"), true],
    ["{ tool: [http, shell] }", action("shell", "run"), true],
    ["{ tool: [http, shell] }", action("ftp", "get"), false],
    ["{ tool: 'github.*' }", action("github.issues", "list"), true],
    ["{ tool: 'github.*' }", action("github", "list"), false],
    ["{ tool: 'github.*' }", action("gitlab.issues", "list"), false],
    ["{ tool: http, op: get }", action("http", "GET"), false],
    ["{ tool: http, operation: [get, head] }", action("http", "head"), true],
    ["{ agent_id: 'ops-*' }", action("x", "y", {}, { agent_id: "ops-7" }), true],
    ["{ agent_id: 'ops-*' }", action("x", "y", {}, { agent_id: "dev-7" }), false],
  ])("name condition %s on %o → %s", (match, act, expected) => {
    expect(matches(match, act)).toBe(expected);
  });

  it.each([
    ["{ contains: 'rm -rf' }", { cmd: "sudo rm -rf /" }, true],
    ["{ contains: 'café' }", { msg: "un café" }, true],
    ["{ contains: 'DROP' }", { q: "drop table" }, false],
    ["{ pattern: 'DROP\\s+TABLE', flags: i }", { q: "drop   table x" }, true],
    ['{ pattern: \'^\\{"cmd":"ls"\\}$\' }', { cmd: "ls" }, true],
    ['{ pattern: \'^\\{"cmd":"ls"\\}$\' }', { cmd: "ls", extra: 1 }, false],
    ["{ pattern: '\\\\n' }", { cmd: "a\nb" }, true],
  ])("params text %s on %o → %s", (match, params, expected) => {
    expect(matches(match, action("t", "o", params))).toBe(expected);
  });

  it("does not read context for contains or pattern", () => {
    expect(
      matches("{ contains: secret }", action("t", "o", {}, { context: { note: "secret" } })),
    ).toBe(false);
  });

  it.each([
    ["amount_gt: 100", 101, true],
    ["amount_gt: 100", 100, false],
    ["amount_gte: 100", 100, true],
    ["amount_lt: 100", 99.5, true],
    ["amount_lte: 100", 100, true],
    ["amount_lte: 100", "5", false],
    ["amount_lte: 100", [5], false],
    ["amount_lte: 100", true, false],
    ["amount_lte: 100", null, false],
    ["amount_lte: 100", undefined, false],
    ["amount_gt: 100", 12345678901234567890n, true],
    ["amount_lt: 0", -12345678901234567890n, true],
  ])("%s with amount %o → %s", (condition, amount, expected) => {
    expect(matches(`{ tool: payments, ${condition} }`, pay(amount))).toBe(expected);
  });

  it.each([
    ["path_contains: secrets", { path: "/etc/secrets/x" }, true],
    ["path_starts_with: /tmp/", { path: "/tmp/a" }, true],
    ["path_starts_with: /tmp/", { path: "/tmpx/a" }, false],
    ["path_ends_with: .pem", { path: "/k/id.pem" }, true],
    ["path_contains: x", { path: ["x"] }, false],
    ["method: post", { method: "POST" }, true],
    ["method: post", { method: "GET" }, false],
    ["branch: main", { branch: "main" }, true],
    ["branch: main", { branch: "Main" }, false],
  ])("%s on %o → %s", (condition, params, expected) => {
    expect(matches(`{ tool: t, ${condition} }`, action("t", "o", params))).toBe(expected);
  });

  it.each([
    ["field: a.b, value: 7", { a: { b: 7 } }, true],
    ["field: a.b, value: 7", { a: { b: "7" } }, false],
    ["field: a.b, value: 1", { a: { b: 1.0 } }, true],
    ["field: a.b, value: { x: 1, y: [2] }", { a: { b: { y: [2], x: 1 } } }, true],
    ["field: a.b, value: null", { a: { b: null } }, true],
    ["field: a.b, value: null", { a: {} }, false],
    ["field: list.1, value: b", { list: ["a", "b"] }, true],
    ["field: list.01, value: b", { list: ["a", "b"] }, false],
    ["field: email, matches: '@corp\\.com$'", { email: "x@corp.com" }, true],
    ["field: email, matches: 'CORP', flags: i", { email: "x@corp.com" }, true],
    ["field: email, matches: '@corp'", { email: ["x@corp.com"] }, false],
    ["field: region, in: [eu, us]", { region: "eu" }, true],
    ["field: region, in: [eu, us]", { region: "ap" }, false],
    ["field: n, in: [1, 2]", { n: "1" }, false],
    ["field: n, gt: 5", { n: 6 }, true],
    ["field: n, gte: 5, lt: 10", { n: 10 }, false],
    ["field: n, lte: 5", { n: "4" }, false],
    ["field: token, exists: true", { token: null }, true],
    ["field: token, exists: false", {}, true],
    ["field: token, exists: false", { token: 1 }, false],
    ["field: constructor, exists: true", {}, false],
    ["field: toString, exists: true", {}, false],
    ["field: context.env, value: prod", { context: { env: "prod" } }, false],
  ])("%s on %o → %s", (condition, params, expected) => {
    expect(matches(`{ tool: t, ${condition} }`, action("t", "o", params))).toBe(expected);
  });

  it("reads context only through field: context.<path>", () => {
    const act = action("t", "o", {}, { context: { env: "prod" } });
    expect(matches("{ tool: t, field: context.env, value: prod }", act)).toBe(true);
    expect(matches("{ tool: t, field: env, value: prod }", act)).toBe(false);
  });

  it("requires every present condition to hold", () => {
    const match = "{ tool: shell, op: run, contains: ls, field: cwd, value: /tmp }";
    expect(matches(match, action("shell", "run", { cmd: "ls", cwd: "/tmp" }))).toBe(true);
    expect(matches(match, action("shell", "run", { cmd: "ls", cwd: "/" }))).toBe(false);
    expect(matches(match, action("shell", "exec", { cmd: "ls", cwd: "/tmp" }))).toBe(false);
  });
});
