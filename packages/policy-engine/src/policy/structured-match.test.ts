import { describe, expect, it } from "vitest";
import { action, errorsOf, policyOf } from "../../test/helpers.js";
import { decide } from "../decide.js";
import { explain } from "../explain.js";

/** Whether a one-rule policy with this match allows the params. */
function allows(match: string, params: Record<string, unknown>): boolean {
  const policy = policyOf(`rules:\n  - match: ${match}\n    allow: true\n`);
  return decide(action("t", "o", params), { policy, runtimeVersion: "t" }).decision === "allow";
}
const rule = (match: string) => `rules:\n  - id: r\n    match: ${match}\n    allow: true\n`;

describe("url:", () => {
  it.each([
    ["{ field: u, scheme: https }", "https://a.org/", true],
    ["{ field: u, scheme: https }", "HTTP://a.org/", false],
    ["{ field: u, scheme: [http, https] }", "HTTP://a.org/", true],
    ["{ field: u, host: api.github.com }", "https://API.GITHUB.COM./x", true],
    ["{ field: u, host: api.github.com }", "https://api.github.com.evil.test/", false],
    ["{ field: u, host: api.github.com }", "https://api.github.com@evil.test/", false],
    ["{ field: u, host: api.github.com }", "https://evil.test/api.github.com", false],
    ["{ field: u, host: '[::1]' }", "http://[0:0::1]/", true],
    ["{ field: u, host: 127.0.0.1 }", "http://0x7f.1/", true],
    ["{ field: u, host_suffix: github.com }", "https://api.github.com/", true],
    ["{ field: u, host_suffix: github.com }", "https://github.com/", true],
    ["{ field: u, host_suffix: github.com }", "https://evilgithub.com/", false],
    ["{ field: u, host_public_suffix: true }", "https://pypi.org/", true],
    ["{ field: u, host_public_suffix: true }", "https://10.0.0.1/", false],
    ["{ field: u, host_public_suffix: true }", "https://pypi/", false],
    ["{ field: u, host_public_suffix: false }", "https://pypi/", true],
    ["{ field: u, host_public_suffix: false }", "mailto:a@pypi.org", false],
    ["{ field: u, host_ip: true }", "http://2130706433/", true],
    ["{ field: u, host_ip: true }", "http://[::1]/", true],
    ["{ field: u, host_ip: false }", "http://localhost/", true],
    ["{ field: u, host_ip_range: [loopback, private] }", "http://[::ffff:10.1.2.3]/", true],
    ["{ field: u, host_ip_range: linkLocal }", "http://0251.0376.0251.0376/", true],
    ["{ field: u, host_ip_range: [loopback, private] }", "http://8.8.8.8/", false],
    ["{ field: u, host_ip_range: unicast }", "http://8.8.8.8/", true],
    ["{ field: u, port: 443 }", "https://a.org/", true],
    ["{ field: u, port: 443 }", "https://a.org:443/", true],
    ["{ field: u, port: 443 }", "https://a.org:8443/", false],
    ["{ field: u, port: [80, 8080] }", "http://a.org:8080/", true],
    ["{ field: u, path_starts_with: /repos/ }", "https://a.org/repos/x", true],
    ["{ field: u, path_starts_with: /repos/ }", "https://a.org/repos/../admin", false],
    ["{ field: u, path_starts_with: /repos/ }", "https://a.org/repos/%2e%2e/admin", false],
    ["{ field: u, path_starts_with: [/a/, /b/] }", "https://a.org/b/c", true],
    ["{ field: u, userinfo: false }", "https://a.org/", true],
    ["{ field: u, userinfo: false }", "https://x@a.org/", false],
    ["{ field: u, userinfo: true }", "https://x:y@a.org/", true],
  ])("%s on %s → %s", (spec, url, expected) => {
    expect(allows(`{ url: ${spec} }`, { u: url })).toBe(expected);
  });

  it("holds for no value that is not a string parsing as a URL", () => {
    for (const u of [
      ["https://a.org/"],
      { href: "https://a.org/" },
      7,
      null,
      "a.org",
      " https://a.org/",
    ]) {
      expect(allows("{ url: { field: u } }", { u })).toBe(false);
    }
    expect(allows("{ url: { field: u } }", {})).toBe(false);
    expect(allows("{ url: { field: u } }", { u: "https://a.org/" })).toBe(true);
  });

  it("reads a nested field, or the context", () => {
    expect(
      allows("{ url: { field: req.url, host: a.org } }", { req: { url: "https://a.org/" } }),
    ).toBe(true);
    const policy = policyOf(rule("{ url: { field: context.origin, scheme: https } }"));
    const act = action("t", "o", {}, { context: { origin: "https://a.org/" } });
    expect(decide(act, { policy, runtimeVersion: "t" }).decision).toBe("allow");
  });

  it("names each condition in explain", () => {
    const policy = policyOf(rule("{ url: { field: u, scheme: https, host_public_suffix: true } }"));
    const trace = explain(action("t", "o", { u: "https://10.0.0.1/" }), {
      policy,
      runtimeVersion: "t",
    });
    expect(trace.rules[0]?.conditions).toEqual([
      { condition: "url u", held: true },
      { condition: "url u scheme", held: true },
      { condition: "url u host_public_suffix", held: false },
    ]);
  });

  it.each([
    ["{ url: { scheme: https } }", 'match.url.field: required key "field" is missing'],
    [
      "{ url: { field: u, hots: a.org } }",
      'match.url.hots: unknown key "hots" (allowed: field, scheme, host,',
    ],
    ["{ url: { field: u, scheme: HTTPS } }", 'match.url.scheme: "HTTPS" is not a lowercase scheme'],
    [
      "{ url: { field: u, host: API.github.com } }",
      '"API.github.com" is written "api.github.com" once normalized',
    ],
    ["{ url: { field: u, host: 'a.org:443' } }", '"a.org:443" is not a valid host entry'],
    ["{ url: { field: u, host_suffix: 10.0.0.1 } }", '"10.0.0.1" is not a valid host_suffix entry'],
    [
      "{ url: { field: u, host_suffix: .github.com } }",
      '".github.com" is not a valid host_suffix entry',
    ],
    [
      "{ url: { field: u, path_starts_with: repos } }",
      '"repos" is not a valid path_starts_with entry',
    ],
    [
      "{ url: { field: u, path_starts_with: /a/../b } }",
      '"/a/../b" is written "/b" once normalized',
    ],
    ["{ url: { field: u, port: 70000 } }", "match.url.port: port must be 0 to 65535"],
    ["{ url: { field: u, port: [] } }", "match.url.port: list must not be empty"],
    [
      "{ url: { field: u, port: '443' } }",
      "match.url.port: must be a port number or a non-empty list",
    ],
    [
      "{ url: { field: u, host_ip_range: intranet } }",
      "match.url.host_ip_range: must be an IP range name",
    ],
    ["{ url: { field: u, host_ip: 'yes' } }", "match.url.host_ip: host_ip must be true or false"],
    ["{ url: { field: 'a..b' } }", 'match.url.field: "a..b" is not a dotted path'],
  ])("refuses %s", (match, message) => {
    expect(errorsOf(rule(match)).join("\n")).toContain(message);
  });
});

describe("runs:", () => {
  it.each([
    ["{ field: c, program: rm, option: r }", "rm -rf /", true],
    ["{ field: c, program: rm, option: r }", "rm / -fr", true],
    ["{ field: c, program: rm, option: r }", "rm -f /", false],
    ["{ field: c, program: rm, option: r }", "rm -f a; ls -r", false],
    ["{ field: c, program: rm, option: r }", "ls -r; rm a", false],
    ["{ field: c, program: rm, option: [r, recursive] }", "rm a --rec", true],
    ["{ field: c, program: rm, option: [r, recursive] }", "rm a --recursive=always", true],
    ["{ field: c, program: rm, option: [r, recursive] }", "rm a --reflink", false],
    ["{ field: c, program: rm, option: [r, recursive] }", "rm a --", false],
    ["{ field: c, program: chmod, option: R }", "chmod -r a", false],
    ["{ field: c, program: chmod, option: R }", "chmod 700 a -R", true],
    ["{ field: c, program: rm, option: r }", "sudo /usr/bin/RM a '-r'", true],
    ["{ field: c, program: rm }", "docker run --rm x", false],
    ["{ field: c, program: rm }", "xargs rm", true],
    ["{ field: c, program: 'mkfs.*' }", "mkfs.ext4 /dev/x", true],
    ["{ field: c, program: 'mkfs.*' }", "mkfs /dev/x", false],
    ["{ field: c, program: find, word: -delete }", "find . -name x -delete", true],
    ["{ field: c, program: find, word: -delete }", "find . -name -deleted", false],
    ["{ field: c, program: init, word: ['0', '6'] }", "init 6", true],
    ["{ field: c, program: init, word: ['0', '6'], option: q }", "init 6", false],
  ])("%s on %j → %s", (spec, c, expected) => {
    expect(allows(`{ runs: ${spec} }`, { c })).toBe(expected);
  });

  it("holds for no value that is not a string", () => {
    expect(allows("{ runs: { field: c, program: rm } }", { c: ["rm", "-rf"] })).toBe(false);
    expect(allows("{ runs: { field: c, program: rm } }", {})).toBe(false);
  });

  it.each([
    ["{ runs: { field: c, program: RM } }", '"RM": write a file name in lowercase'],
    [
      "{ runs: { field: c, program: /bin/rm } }",
      '"/bin/rm": write a file name in lowercase, without a directory',
    ],
    ["{ runs: { field: c, program: rm, option: -r } }", '"-r": write a letter (r) or a long name'],
    [
      "{ runs: { field: c, program: 'r*m' } }",
      'runs.program: "r*m": "*" is only allowed at the end',
    ],
    ["{ runs: { field: c } }", 'match.runs.program: required key "program" is missing'],
  ])("refuses %s", (match, message) => {
    expect(errorsOf(rule(match)).join("\n")).toContain(message);
  });
});

describe("params_allowed:", () => {
  it.each([
    ["[url]", {}, true],
    ["[url]", { url: "x" }, true],
    ["[url]", { url: "x", method: "DELETE" }, false],
    ["[url]", { URL: "x" }, false],
    ["[url]", { url: ["x"] }, false],
    ["[url]", { url: { href: "x" } }, false],
    ["[url]", { url: null }, true],
    ["[to, 'to.*']", { to: "a" }, true],
    ["[to, 'to.*']", { to: ["a", "b"] }, true],
    ["['to.*']", { to: "a" }, false],
    ["['to.*']", { to: [["a"]] }, false],
    ["['items.*.sku']", { items: [{ sku: 1 }, { sku: 2 }] }, true],
    ["['items.*.sku']", { items: [{ sku: 1, price: 0 }] }, false],
    ["['headers.accept']", { headers: { accept: "x" } }, true],
    ["['headers.accept']", { headers: { accept: "x", host: "y" } }, false],
    ["['headers.accept']", { headers: "accept: x" }, false],
    ["[]", {}, true],
    ["[]", { a: 1 }, false],
  ])("%s on %o → %s", (shape, params, expected) => {
    expect(allows(`{ tool: t, params_allowed: ${shape} }`, params)).toBe(expected);
  });

  it("sees keys named like built-ins", () => {
    expect(
      allows("{ tool: t, params_allowed: [a] }", JSON.parse('{"a":1,"__proto__":{"b":2}}')),
    ).toBe(false);
    expect(allows("{ tool: t, params_allowed: [a] }", { a: 1, constructor: 2 })).toBe(false);
  });

  it("refuses a path with an empty segment", () => {
    expect(errorsOf(rule("{ tool: t, params_allowed: ['a.'] }")).join("\n")).toContain(
      'match.params_allowed: "a." is not a dotted path',
    );
  });
});

describe("any_field:", () => {
  it.each([
    ["[to, cc], matches: x", { to: "a", cc: "x" }, true],
    ["[to, cc], matches: x", { to: "a", cc: "b" }, false],
    ["['cc.*'], matches: x", { cc: ["a", "x"] }, true],
    ["['headers.*'], matches: x", { headers: { a: "b", c: "x" } }, true],
    ["['h.*.v'], value: 2", { h: [{ v: 1 }, { v: 2 }] }, true],
    ["['items.*.amount'], gt: 50", { items: [{ amount: 10 }, { amount: 60 }] }, true],
    ["['items.*.amount'], gt: 50", { items: [{ amount: 10 }] }, false],
    ["[a, b], in: [1]", { b: 1 }, true],
    ["['x.*'], exists: true", { x: [] }, false],
    ["['x.*'], exists: true", { x: [null] }, true],
    ["['x.*'], exists: false", { x: {} }, true],
    ["['context.tags.*'], value: t", { tags: ["t"] }, false],
  ])("%s on %o → %s", (spec, params, expected) => {
    expect(allows(`{ tool: t, any_field: ${spec} }`, params)).toBe(expected);
  });

  it("keeps * a plain key in field", () => {
    expect(allows("{ tool: t, field: 'a.*', value: 1 }", { a: { "*": 1 } })).toBe(true);
    expect(allows("{ tool: t, field: 'a.*', value: 1 }", { a: { b: 1 } })).toBe(false);
  });

  it.each([
    [
      "{ tool: t, field: a, any_field: [b], value: 1 }",
      "match.any_field: give field or any_field, not both",
    ],
    ["{ tool: t, any_field: [b] }", "match.any_field: any_field needs one of value, matches"],
    ["{ tool: t, any_field: [] }", "match.any_field: list must not be empty"],
    ["{ tool: t, value: 1 }", "match.value: value needs a field or any_field"],
  ])("refuses %s", (match, message) => {
    expect(errorsOf(rule(match)).join("\n")).toContain(message);
  });
});
