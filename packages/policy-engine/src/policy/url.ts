import ipaddr from "ipaddr.js";
import { parse as parseDomainName } from "tldts";

/** A URL as `fetch` reads it: the WHATWG parse, with the host classified. */
export interface ParsedUrl {
  /** Lowercase, without the colon. */
  scheme: string;
  /**
   * The host a special scheme connects to, normalized as browsers do (lowercase, IDNA to ASCII,
   * percent-decoded, IPv4 in dotted decimal whatever its spelling, IPv6 in brackets) and
   * without one trailing dot. Null for other schemes, whose host the WHATWG parser leaves opaque.
   */
  host: string | null;
  /** The range name ipaddr.js gives an IP host (IPv4-mapped IPv6 as its IPv4), else null. */
  ipRange: string | null;
  /** The host is a DNS name under a public suffix, and not a special-use name. */
  publicName: boolean;
  /** The explicit port, or the scheme's default; null for a scheme without one. */
  port: number | null;
  /** The path with dot segments resolved; other percent-escapes as written. */
  path: string;
  userinfo: boolean;
}

const DEFAULT_PORTS: Readonly<Record<string, number | null>> = {
  ftp: 21,
  file: null,
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
};

// Parsers disagree on these: WHATWG drops tabs and newlines and reads "\" as "/", curl and
// Python's urllib keep them, so "http://public.test\@10.0.0.1" names two different hosts.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const AMBIGUOUS = /[\u0000-\u0020\u007f-\u009f\\]/;
const DNS_LABEL = /^[a-z0-9_-]{1,63}$/;
const DOTTED_IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const TLDTS_OPTIONS = {
  allowPrivateDomains: false,
  detectIp: false,
  detectSpecialUse: true,
  extractHostname: false,
  mixedInputs: false,
} as const;

/**
 * Parses a URL the way `fetch` and browsers do (the WHATWG URL standard), or returns null when
 * it does not parse or holds whitespace, control characters or a backslash.
 *
 * @example
 * parseUrl("http://0x7f.1/")?.host // "127.0.0.1"
 */
export function parseUrl(text: string): ParsedUrl | null {
  if (AMBIGUOUS.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const scheme = url.protocol.slice(0, -1);
  const special = Object.hasOwn(DEFAULT_PORTS, scheme);
  const host = special && url.hostname !== "" ? url.hostname.replace(/\.$/, "") : null;
  const ip = host === null ? null : parseIp(host);
  return {
    scheme,
    host,
    ipRange: ip === null ? null : rangeOf(ip),
    publicName: host !== null && ip === null && isPublicName(host),
    port: url.port !== "" ? Number(url.port) : special ? (DEFAULT_PORTS[scheme] ?? null) : null,
    path: url.pathname,
    userinfo: url.username !== "" || url.password !== "",
  };
}

/**
 * After the WHATWG parse an IP host is always dotted-decimal IPv4 or bracketed IPv6 (a host
 * ending in a number that is no IPv4 address does not parse at all). A regex, because
 * ipaddr.js's own validity check throws and catches, about 50 µs for every name.
 */
function parseIp(host: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (host.startsWith("[")) return ipaddr.IPv6.parse(host.slice(1, -1));
  return DOTTED_IPV4.test(host) ? ipaddr.IPv4.parse(host) : null;
}

function rangeOf(ip: ipaddr.IPv4 | ipaddr.IPv6): string {
  // The kernel connects ::ffff:a.b.c.d to a.b.c.d, so it is judged as that IPv4 address.
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (ip as ipaddr.IPv6).toIPv4Address().range();
  }
  return ip.range();
}

function isPublicName(host: string): boolean {
  if (host.length > 253 || !host.split(".").every((label) => DNS_LABEL.test(label))) return false;
  const name = parseDomainName(host, TLDTS_OPTIONS);
  return name.isIcann === true && name.domain !== null && name.isSpecialUse !== true;
}

/** The normalized host a policy's `host` entry must be written as, or null if it is no host. */
export function normalizedHost(entry: string): string | null {
  if (AMBIGUOUS.test(entry) || /[/?#@:]/.test(entry.replace(/^\[.*\]$/, ""))) return null;
  const host = parseUrl(`http://${entry}/`)?.host ?? null;
  return host?.split(".").includes("") ? null : host;
}

/** The normalized path a `path_starts_with` entry must be written as, or null if it is no path. */
export function normalizedPath(entry: string): string | null {
  if (!entry.startsWith("/") || entry.startsWith("//") || /[?#]/.test(entry)) return null;
  return parseUrl(`http://h.test${entry}`)?.path ?? null;
}

/** The special ranges of one ipaddr.js class, from the table its `range()` reads. */
function rangeTable(kind: typeof ipaddr.IPv4 | typeof ipaddr.IPv6): string[] {
  // safe because ipaddr.js keeps that table on the prototype; its typings leave it out
  return Object.keys((kind.prototype as unknown as { SpecialRanges: object }).SpecialRanges);
}

/** The names `host_ip_range` accepts: what `ParsedUrl.ipRange` can be. */
export const IP_RANGES: readonly string[] = [
  ...new Set(["unicast", ...rangeTable(ipaddr.IPv4), ...rangeTable(ipaddr.IPv6)]),
]
  .filter((name) => name !== "ipv4Mapped")
  .sort();
