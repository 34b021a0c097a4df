import { isIP } from 'node:net';

/**
 * Which IP addresses a feed may be fetched from. Pure: no DNS here (see fetch-resolve.ts).
 *
 * Allow-list for IPv6 (only global unicast 2000::/3 is public), deny-list for IPv4. Addresses that embed an IPv4
 * address (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address.
 */

type Ipv4Range = readonly [base: number, prefixLength: number];

const NON_PUBLIC_IPV4: readonly Ipv4Range[] = [
  [ipv4('0.0.0.0'), 8], // "this network", includes the unspecified address
  [ipv4('10.0.0.0'), 8], // private
  [ipv4('100.64.0.0'), 10], // carrier-grade NAT
  [ipv4('127.0.0.0'), 8], // loopback
  [ipv4('169.254.0.0'), 16], // link-local (cloud metadata endpoints live here)
  [ipv4('172.16.0.0'), 12], // private
  [ipv4('192.0.0.0'), 24], // IETF protocol assignments
  [ipv4('192.0.2.0'), 24], // documentation
  [ipv4('192.168.0.0'), 16], // private
  [ipv4('198.18.0.0'), 15], // benchmarking
  [ipv4('198.51.100.0'), 24], // documentation
  [ipv4('203.0.113.0'), 24], // documentation
  [ipv4('224.0.0.0'), 4], // multicast
  [ipv4('240.0.0.0'), 4], // reserved, includes the broadcast address 255.255.255.255
];

function ipv4(dotted: string): number {
  return dotted.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

function inIpv4Range(value: number, [base, prefixLength]: Ipv4Range): boolean {
  const size = 2 ** (32 - prefixLength);
  return Math.floor(value / size) === Math.floor(base / size);
}

function isPublicIpv4(value: number): boolean {
  return !NON_PUBLIC_IPV4.some((range) => inIpv4Range(value, range));
}

/** Strips URL brackets and a zone id: "[fe80::1%eth0]" → "fe80::1". */
function bareAddress(ip: string): string {
  const unbracketed = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const zone = unbracketed.indexOf('%');
  return zone === -1 ? unbracketed : unbracketed.slice(0, zone);
}

/** The eight 16-bit groups of a valid IPv6 address (a dotted IPv4 tail becomes two groups). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const value = ipv4(dotted[1]);
    text = `${text.slice(0, dotted.index)}${Math.floor(value / 65536).toString(16)}:${(value % 65536).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16));
}

function embeddedIpv4(high: number, low: number): number {
  return high * 65536 + low;
}

function isPublicIpv6(groups: readonly number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    return isPublicIpv4(embeddedIpv4(g6, g7));
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return isPublicIpv4(embeddedIpv4(g6, g7));
  }
  if (g0 === 0x2002) return isPublicIpv4(embeddedIpv4(g1, g2));
  if (g0 === 0x2001 && g1 === 0x0db8) return false; // documentation
  if (g0 === 0x2001 && g1 < 0x0200) return false; // 2001::/23 IETF protocol assignments (Teredo, ORCHID…)
  return g0 >= 0x2000 && g0 <= 0x3fff; // global unicast 2000::/3; everything else is local, multicast or reserved
}

/**
 * True when `ip` is an address on the public Internet: false for loopback, private, link-local, CGNAT,
 * unspecified, multicast, broadcast, documentation and reserved ranges, for IPv4-mapped IPv6 forms of those,
 * and for anything that is not an IP address. Accepts "[v6]" brackets and "%zone" suffixes.
 */
export function isPublicAddress(ip: string): boolean {
  const address = bareAddress(ip.trim());
  const family = isIP(address);
  if (family === 4) return isPublicIpv4(ipv4(address));
  if (family === 6) return isPublicIpv6(ipv6Groups(address));
  return false;
}

/**
 * One spelling per address, for comparing a socket's remote address with resolved ones:
 * IPv4-mapped IPv6 becomes dotted IPv4, IPv6 is fully expanded in lower case. Undefined when not an IP.
 */
export function canonicalAddress(ip: string): string | undefined {
  const address = bareAddress(ip.trim());
  const family = isIP(address);
  if (family === 4) return address;
  if (family !== 6) return undefined;
  const groups = ipv6Groups(address);
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    const value = embeddedIpv4(g6, g7);
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
  }
  return groups.map((group) => group.toString(16)).join(':');
}
