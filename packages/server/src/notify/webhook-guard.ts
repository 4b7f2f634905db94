import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/** One resolved address of a host, as `dns.lookup` answers with `all: true`. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves every address of a host name (injectable for tests). */
export type ResolveAll = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveAll: ResolveAll = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

/** A target the guard refuses: permanent, since only an admin can change the URL or the switch. */
export class RefusedTarget extends Error {
  override readonly name = "RefusedTarget";
}

/**
 * The address a delivery to `url` may connect to. Every address the host resolves to must be
 * public unicast: loopback, private, link-local (cloud metadata at 169.254.169.254), unique
 * local, carrier-grade NAT, multicast, unspecified and other special ranges — also inside
 * IPv4-mapped IPv6 — are refused, as is a host whose addresses mix public and private ones.
 * Called at each delivery, so a DNS change is seen; the caller connects to the address
 * answered here (see {@link pinnedLookup}), so a second resolution cannot swap it.
 */
export async function vetTarget(
  url: URL,
  resolve: ResolveAll = resolveAll,
): Promise<ResolvedAddress> {
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const addresses = ipaddr.isValid(host)
    ? [{ address: host, family: ipaddr.parse(host).kind() === "ipv6" ? 6 : 4 }]
    : await resolve(host);
  const [first] = addresses;
  if (first === undefined) throw new Error(`${host} resolves to no address`);
  for (const { address } of addresses) {
    const range = ipaddr.process(address).range();
    if (range !== "unicast") {
      const via = address === host ? "" : ` (${host} resolves to ${address})`;
      throw new RefusedTarget(
        `refused: ${address} is a ${range} address${via}; webhooks reach public addresses only unless FARAMESH_WEBHOOK_ALLOW_PRIVATE=1`,
      );
    }
  }
  return first;
}

/** A `lookup` for a connection that answers the vetted address whatever name it is asked. */
export function pinnedLookup(vetted: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily).
    if (options.all) callback(null, [vetted]);
    else callback(null, vetted.address, vetted.family);
  };
}
