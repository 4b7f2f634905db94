import { describe, expect, it } from "vitest";
import { normalizedHost, normalizedPath, parseUrl } from "./url.js";

describe("parseUrl", () => {
  it.each([
    ["http://127.0.0.1/", "127.0.0.1", "loopback"],
    ["http://2130706433/", "127.0.0.1", "loopback"],
    ["http://017700000001/", "127.0.0.1", "loopback"],
    ["http://0x7f.1/", "127.0.0.1", "loopback"],
    ["http://127.1/", "127.0.0.1", "loopback"],
    ["http://0X7F.0.0.01/", "127.0.0.1", "loopback"],
    ["http://%31%32%37.0.0.1/", "127.0.0.1", "loopback"],
    ["http://１２７.０.０.１/", "127.0.0.1", "loopback"],
    ["http://169。254。169。254/", "169.254.169.254", "linkLocal"],
    ["http://0xa9fea9fe/", "169.254.169.254", "linkLocal"],
    ["http://10.0.65535/", "10.0.255.255", "private"],
    ["http://0/", "0.0.0.0", "unspecified"],
    ["http://100.64.0.1/", "100.64.0.1", "carrierGradeNat"],
    ["http://8.8.8.8./", "8.8.8.8", "unicast"],
    ["http://[::1]/", "[::1]", "loopback"],
    ["http://[0:0:0:0:0:0:0:1]/", "[::1]", "loopback"],
    ["http://[::ffff:169.254.169.254]/", "[::ffff:a9fe:a9fe]", "linkLocal"],
    ["http://[::ffff:7f00:1]/", "[::ffff:7f00:1]", "loopback"],
    ["http://[fd00::1]/", "[fd00::1]", "uniqueLocal"],
  ])("reads %s as the IP %s (%s)", (url, host, range) => {
    const parsed = parseUrl(url);
    expect(parsed).toMatchObject({ host, ipRange: range, publicName: false });
  });

  it.each([
    ["https://api.github.com/", "api.github.com", true],
    ["https://API.GitHub.COM./", "api.github.com", true],
    ["https://www.gov.uk/", "www.gov.uk", true],
    ["https://bücher.de/", "xn--bcher-kva.de", true],
    ["https://foo.github.io/", "foo.github.io", true],
    ["https://com/", "com", false],
    ["https://co.uk/", "co.uk", false],
    ["http://localhost/", "localhost", false],
    ["http://vault/", "vault", false],
    ["http://redis.default/", "redis.default", false],
    ["http://a.svc.cluster.local/", "a.svc.cluster.local", false],
    ["http://metadata.google.internal/", "metadata.google.internal", false],
    ["http://router.lan/", "router.lan", false],
    ["http://nas.home.arpa/", "nas.home.arpa", false],
    ["http://x.onion/", "x.onion", false],
    ["http://example.com/", "example.com", false],
    ["http://app.test/", "app.test", false],
    ["http://exa%2ample.com/", "exa*mple.com", false],
    ["http://example.com../", "example.com.", false],
  ])("reads %s as the name %s (public: %s)", (url, host, publicName) => {
    expect(parseUrl(url)).toMatchObject({ host, ipRange: null, publicName });
  });

  it("gives the effective port, the resolved path and whether there is user info", () => {
    expect(parseUrl("https://u:p@api.github.com/a/./b/../c?q#f")).toEqual({
      scheme: "https",
      host: "api.github.com",
      ipRange: null,
      publicName: true,
      port: 443,
      path: "/a/c",
      userinfo: true,
    });
    expect(parseUrl("http://x.org:8080/")?.port).toBe(8080);
    expect(parseUrl("wss://x.org/")?.port).toBe(443);
    expect(parseUrl("ftp://x.org/")?.port).toBe(21);
  });

  it("leaves the host of other schemes opaque", () => {
    expect(parseUrl("foo://0x7f.1/x")).toMatchObject({ scheme: "foo", host: null, port: null });
    expect(parseUrl("mailto:a@b.example")).toMatchObject({ host: null, port: null });
    expect(parseUrl("file:///etc/passwd")).toMatchObject({ scheme: "file", host: null });
  });

  it.each([
    "http://api.github.com\\@169.254.169.254/",
    "http:\\\\169.254.169.254\\",
    " http://api.github.com/",
    "http://api.github.com/\n",
    "http://api.git\thub.com/",
    "http://a.com/\u0085",
    "/relative/path",
    "//api.github.com/",
    "http://[::1/",
    "http://1.2.3.256/",
    "",
  ])("refuses %j", (url) => {
    expect(parseUrl(url)).toBeNull();
  });
});

describe("normalized policy entries", () => {
  it.each([
    ["api.github.com", "api.github.com"],
    ["API.github.com", "api.github.com"],
    ["bücher.de", "xn--bcher-kva.de"],
    ["a.com.", "a.com"],
    ["0x7f.1", "127.0.0.1"],
    ["[::1]", "[::1]"],
    ["a.com:443", null],
    ["u@a.com", null],
    ["a.com/x", null],
    ["a b.com", null],
  ])("host %j is written %j", (entry, normalized) => {
    expect(normalizedHost(entry)).toBe(normalized);
  });

  it.each([
    ["/repos/", "/repos/"],
    ["/a/../b", "/b"],
    ["/%7Euser", "/%7Euser"],
    ["/ü", "/%C3%BC"],
    ["repos/", null],
    ["//evil.test/", null],
    ["/a?b", null],
  ])("path %j is written %j", (entry, normalized) => {
    expect(normalizedPath(entry)).toBe(normalized);
  });
});
