/**
 * Outbound safety (SSRF): where the hub may send a delivery.
 *
 * A portal endpoint is text an administrator (or an API token) typed in. Without a
 * check, the hub would POST signed requests — and show the answer's excerpt in the
 * delivery log — to anything its network reaches: the database, Redis, the cloud's
 * metadata service, other internal hosts. In strict mode (production by default):
 *   - the endpoint must be https;
 *   - it must not be, or resolve to, a loopback, private, link-local, CGNAT, cloud
 *     metadata, multicast or reserved address (IPv4, IPv6 and IPv4-mapped IPv6);
 *   - unless the host is allow-listed by an administrator (SYNDICATION_ALLOWED_HOSTS:
 *     host names, `*.suffix`, IP addresses or CIDR ranges): the province's own
 *     platform may well sit on a private range, and may speak plain http inside it.
 * The check runs when an endpoint is saved (`checkEndpoint`, resolving the name) and
 * again on every connection (`guardedLookup`, given to http.request as its `lookup`):
 * the address that is checked is the address that is connected to, so a DNS answer
 * that changes between the two (DNS rebinding) cannot slip through.
 * Outside strict mode (development, tests, the demo) everything is allowed.
 */
import dns from 'node:dns';
import net from 'node:net';

export interface OutboundPolicy {
  strict: boolean;
  /** Lower-case entries: `host.name`, `*.suffix.name`, `10.1.2.3`, `10.20.0.0/16`, `fd00::/8`. */
  allowedHosts: string[];
}

/** The policy from the plugin configuration (read on each use, so a configuration change applies at once). */
export const outboundPolicy = (config: { strictOutbound: boolean; allowedHosts: string[] }): OutboundPolicy => ({ strict: config.strictOutbound, allowedHosts: config.allowedHosts });

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** An outbound request refused before any connection was made. */
export class OutboundRefusedError extends Error {
  readonly code = 'ERR_OUTBOUND_REFUSED';
}

const RANGES: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['169.254.169.254', 32, 'ipv4', 'cloud metadata'],
  ['100.100.100.200', 32, 'ipv4', 'cloud metadata'],
  ['fd00:ec2::254', 128, 'ipv6', 'cloud metadata'],
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'CGNAT'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.0.2.0', 24, 'ipv4', 'reserved'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'reserved'],
  ['198.51.100.0', 24, 'ipv4', 'reserved'],
  ['203.0.113.0', 24, 'ipv4', 'reserved'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'private'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'private'],
  ['ff00::', 8, 'ipv6', 'multicast'],
  ['2001:db8::', 32, 'ipv6', 'reserved'],
  ['100::', 64, 'ipv6', 'reserved'],
];

/** IPv6 forms that carry an IPv4 address: IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16). */
function embeddedIpv4(ip: string): string | null {
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (dotted) return dotted[1];
  const words = expandIpv6(ip);
  if (!words) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) return v4(words[6], words[7]);
  if (words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0)) return v4(words[6], words[7]);
  if (words[0] === 0x2002) return v4(words[1], words[2]);
  return null;
}

function expandIpv6(ip: string): number[] | null {
  if (!net.isIPv6(ip) || ip.includes('.')) return null;
  const [head, tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const fill = ip.includes('::') ? new Array(8 - h.length - t.length).fill('0') : [];
  return [...h, ...fill, ...t].map((x) => parseInt(x, 16));
}

/** Why an address may not be contacted in strict mode, or null if it may. */
export function blockedAddressReason(address: string): string | null {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = net.isIP(ip);
  if (family === 0) return 'not an IP address';
  if (family === 6) {
    const v4 = embeddedIpv4(ip);
    if (v4) return blockedAddressReason(v4);
  }
  for (const [base, prefix, type, reason] of RANGES) {
    if (type !== (family === 4 ? 'ipv4' : 'ipv6')) continue;
    const list = new net.BlockList();
    list.addSubnet(base, prefix, type);
    if (list.check(ip, type)) return reason;
  }
  return null;
}

function inAllowList(host: string, allowed: string[]): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  for (const entry of allowed) {
    if (entry === h) return true;
    if (entry.startsWith('*.') && h.endsWith(entry.slice(1))) return true;
    const [base, bits] = entry.split('/');
    const family = net.isIP(h);
    if (bits !== undefined && family && net.isIP(base) === family) {
      const list = new net.BlockList();
      const type = family === 4 ? 'ipv4' : 'ipv6';
      list.addSubnet(base, Number(bits), type);
      if (list.check(h, type)) return true;
    }
  }
  return false;
}

const refuse = (endpoint: string, why: string) =>
  new OutboundRefusedError(`Địa chỉ nhận tin bị từ chối (${why}); quản trị viên có thể cho phép máy chủ này trong SYNDICATION_ALLOWED_HOSTS / Endpoint refused (${why}); an administrator may allow-list the host in SYNDICATION_ALLOWED_HOSTS: ${endpoint}`);

/**
 * The checks that need no DNS: protocol, literal addresses, `localhost` names.
 * Throws OutboundRefusedError. Returns whether the host is allow-listed.
 */
export function checkEndpointStatic(endpoint: string, policy: OutboundPolicy): { allowListed: boolean } {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw refuse(endpoint, 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(endpoint, `protocol ${url.protocol}`);
  if (url.username || url.password) throw refuse(endpoint, 'credentials in the URL');
  if (!policy.strict) return { allowListed: true };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (inAllowList(host, policy.allowedHosts)) return { allowListed: true };
  if (url.protocol !== 'https:') throw refuse(endpoint, 'https required');
  if (net.isIP(host)) {
    const reason = blockedAddressReason(host);
    if (reason) throw refuse(endpoint, `${reason} address ${host}`);
  } else if (host === 'localhost' || host.endsWith('.localhost')) {
    throw refuse(endpoint, 'loopback name');
  }
  return { allowListed: false };
}

/** The save-time check: the static rules, then every address the name resolves to now. */
export async function checkEndpoint(endpoint: string, policy: OutboundPolicy, resolve: Resolver = systemResolver): Promise<void> {
  const { allowListed } = checkEndpointStatic(endpoint, policy);
  if (allowListed) return;
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return;
  let addresses: { address: string }[] = [];
  try {
    addresses = await resolve(host);
  } catch {
    return; // not resolvable yet (set up ahead of its DNS): the send-time check still applies
  }
  for (const { address } of addresses) {
    const reason = blockedAddressReason(address);
    if (reason && !inAllowList(address, policy.allowedHosts)) throw refuse(endpoint, `${host} → ${reason} address ${address}`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request / net.connect: resolves, refuses the whole name if any
 * answer is a blocked address (a rebinding answer may mix good and bad ones), and hands
 * the checked addresses to the connection. Handles both `all: true` (Node's happy-eyeballs
 * connect) and single-address calls.
 */
export function guardedLookup(policy: () => OutboundPolicy, resolve: Resolver = systemResolver) {
  return (hostname: string, options: dns.LookupOptions | number | LookupCallback, maybeCb?: LookupCallback): void => {
    const cb = (typeof options === 'function' ? options : maybeCb) as LookupCallback;
    const opts = (typeof options === 'object' && options) || {};
    const p = policy();
    resolve(hostname).then(
      (found) => {
        let addresses = found;
        if (opts.family === 4 || opts.family === 6) addresses = addresses.filter((a) => a.family === opts.family);
        if (p.strict && !inAllowList(hostname, p.allowedHosts)) {
          for (const a of addresses) {
            const reason = blockedAddressReason(a.address);
            if (reason && !inAllowList(a.address, p.allowedHosts)) return cb(refuse(hostname, `${hostname} → ${reason} address ${a.address}`) as NodeJS.ErrnoException, '', 0);
          }
        }
        if (addresses.length === 0) {
          const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
          return cb(err, '', 0);
        }
        if (opts.all) return cb(null, addresses.map((a) => ({ address: a.address, family: a.family })));
        return cb(null, addresses[0].address, addresses[0].family);
      },
      (err) => cb(err, '', 0)
    );
  };
}
