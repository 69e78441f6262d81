import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where Kalcifer may send a user-configured HTTP request (call_webhook, outbound webhooks):
 * public addresses only, unless the workspace allows private ones. Otherwise a journey or a
 * webhook subscription could reach the cloud metadata service, the database or anything else on
 * the server's own network (SSRF).
 */

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata: 169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['fc00::', 7], // unique local
  ['ff00::', 8], // multicast
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
export function embeddedIpv4(ipv6: string): string | undefined {
  const words = expandIpv6(ipv6);
  if (!words) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  if (zero(0, 5) && words[5] === 0xffff) return v4(words[6], words[7]); // ::ffff:a.b.c.d (mapped)
  if (zero(0, 6) && (words[6] !== 0 || words[7] > 1)) return v4(words[6], words[7]); // ::a.b.c.d (compatible)
  if (words[0] === 0x64 && words[1] === 0xff9b && zero(2, 6)) return v4(words[6], words[7]); // 64:ff9b::/96
  if (words[0] === 0x2002) return v4(words[1], words[2]); // 6to4
  return undefined;
}

/** Eight 16-bit words, or undefined when this is not an IPv6 address. */
function expandIpv6(address: string): number[] | undefined {
  let text = address.split('%')[0];
  if (isIP(text) !== 6) return undefined;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((w) => parseInt(w, 16)) : []);
  const left = parse(head);
  const right = parse(rest);
  const fill = text.includes('::') ? new Array<number>(8 - left.length - right.length).fill(0) : [];
  return [...left, ...fill, ...right];
}

/** Private, loopback, link-local, multicast or otherwise not a public unicast address. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address.split('%')[0]);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true; // not an address at all: never trusted
  const bare = address.split('%')[0];
  const v4 = embeddedIpv4(bare);
  if (v4 !== undefined && blocked.check(v4, 'ipv4')) return true;
  return blocked.check(bare, 'ipv6');
}

export class OutboundTargetError extends Error {
  override name = 'OutboundTargetError';
  readonly code = 'EBLOCKEDTARGET';
}

export interface TargetPolicy {
  /** The workspace allows private, loopback and link-local targets (a setting, off by default). */
  allowPrivate: boolean;
  /** DNS resolution (tests); default: the system resolver, every address. */
  resolve?: (host: string) => Promise<string[]>;
}

const systemResolve = async (host: string) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * The addresses `url` may be reached at: every address its host resolves to must be public (one
 * private answer is enough to refuse, since the connection could use it). Throws
 * OutboundTargetError saying why; returns the checked addresses, to connect to one of them.
 */
export async function checkOutboundTarget(url: string, policy: TargetPolicy): Promise<string[]> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundTargetError(`"${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new OutboundTargetError(`${parsed.protocol} URLs are not allowed: use http:// or https://`);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await (policy.resolve ?? systemResolve)(host);
  if (addresses.length === 0) throw new OutboundTargetError(`${host} does not resolve to any address`);
  if (!policy.allowPrivate) {
    const bad = addresses.find(isPrivateAddress);
    if (bad !== undefined)
      throw new OutboundTargetError(
        `${host} resolves to ${bad}, a private, loopback or link-local address: such targets are refused unless the workspace allows them (PUT /v1/providers/webhook with settings.allowPrivateTargets: true)`,
      );
  }
  return addresses;
}
