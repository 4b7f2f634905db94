import type { MatchContext } from "./context.js";
import type { AddCondition, FailCondition } from "./match.js";
import { fieldReader } from "./paths.js";
import type { UrlMatchDocument } from "./schema.js";
import { normalizedHost, normalizedPath, type ParsedUrl, parseUrl } from "./url.js";
import { listOf as list } from "./values.js";

/**
 * Compiles `url:` into one condition per key, each on the WHATWG parse of the string at
 * `field` (parsed once per action). None holds when that value is not a string that parses.
 * Host conditions hold only for schemes whose host the parser understands (http, https, ws,
 * wss, ftp, file); entries must be written as the parser normalizes them.
 */
export function compileUrlMatch(spec: UrlMatchDocument, add: AddCondition, fail: FailCondition) {
  const read = fieldReader(spec.field);
  if (typeof read === "string") return fail("url.field", read);
  const name = `url ${spec.field}`;
  const parsed = (ctx: MatchContext): ParsedUrl | null => {
    const value = read(ctx);
    return typeof value === "string" ? ctx.derived("url", value, parseUrl) : null;
  };
  const check = (key: string, test: (url: ParsedUrl) => boolean) =>
    add(`${name} ${key}`, (ctx) => {
      const url = parsed(ctx);
      return url !== null && test(url);
    });
  // Host conditions read only a host the parser understood (never an opaque one).
  const hosted = (test: (host: string, url: ParsedUrl) => boolean) => (url: ParsedUrl) =>
    url.host !== null && test(url.host, url);

  add(name, (ctx) => parsed(ctx) !== null);
  if (spec.scheme !== undefined) {
    const schemes = list(spec.scheme);
    const bad = schemes.find((scheme) => !/^[a-z][a-z0-9+.-]*$/.test(scheme));
    if (bad !== undefined) fail("url.scheme", `"${bad}" is not a lowercase scheme such as https`);
    check("scheme", (url) => schemes.includes(url.scheme));
  }
  if (spec.host !== undefined) {
    const hosts = normalizedEntries("host", list(spec.host), normalizedHost, fail);
    check(
      "host",
      hosted((host) => hosts.has(host)),
    );
  }
  if (spec.host_suffix !== undefined) {
    const suffixes = [...normalizedEntries("host_suffix", list(spec.host_suffix), dnsName, fail)];
    check(
      "host_suffix",
      hosted(
        (host, url) =>
          url.ipRange === null &&
          suffixes.some((suffix) => host === suffix || host.endsWith(`.${suffix}`)),
      ),
    );
  }
  const { host_public_suffix: publicSuffix, host_ip: ip } = spec;
  if (publicSuffix !== undefined)
    check(
      "host_public_suffix",
      hosted((_, url) => url.publicName === publicSuffix),
    );
  if (ip !== undefined)
    check(
      "host_ip",
      hosted((_, url) => (url.ipRange !== null) === ip),
    );
  if (spec.host_ip_range !== undefined) {
    const ranges = new Set<string>(list(spec.host_ip_range));
    check("host_ip_range", (url) => url.ipRange !== null && ranges.has(url.ipRange));
  }
  if (spec.port !== undefined) {
    const ports = new Set(list(spec.port));
    check("port", (url) => url.port !== null && ports.has(url.port));
  }
  if (spec.path_starts_with !== undefined) {
    const prefixes = [
      ...normalizedEntries("path_starts_with", list(spec.path_starts_with), normalizedPath, fail),
    ];
    check("path_starts_with", (url) => prefixes.some((prefix) => url.path.startsWith(prefix)));
  }
  if (spec.userinfo !== undefined) {
    const wanted = spec.userinfo;
    check("userinfo", (url) => url.userinfo === wanted);
  }
}

/** A host entry that is a DNS name, not an IP address. */
function dnsName(entry: string): string | null {
  const host = normalizedHost(entry);
  return host === null || parseUrl(`http://${host}/`)?.ipRange !== null ? null : host;
}

/** The entries as a set, failing for each one not already in its normalized form. */
function normalizedEntries(
  key: string,
  entries: readonly string[],
  normalize: (entry: string) => string | null,
  fail: FailCondition,
): Set<string> {
  for (const entry of entries) {
    const normalized = normalize(entry);
    if (normalized === null) fail(`url.${key}`, `"${entry}" is not a valid ${key} entry`);
    else if (normalized !== entry)
      fail(`url.${key}`, `"${entry}" is written "${normalized}" once normalized; write that`);
  }
  return new Set(entries);
}
