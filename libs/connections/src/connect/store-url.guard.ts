import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ApiError } from '@storebridge/contracts';

function ipv4Parts(ip: string): number[] | null {
  const parts = ip.split('.').map(Number);
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts : null;
}

export function isLoopback(ip: string): boolean {
  const v4 = ipv4Parts(ip.replace(/^::ffff:/i, ''));
  if (v4) return v4[0] === 127;
  return ip === '::1';
}

/** Private, link-local (cloud metadata), CGNAT, unspecified, multicast and reserved ranges. */
export function isPrivateOrReserved(ip: string): boolean {
  const v4 = ipv4Parts(ip.replace(/^::ffff:/i, ''));
  if (v4) {
    const [a, b] = v4;
    return (
      a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19)) || a >= 224
    );
  }
  const v6 = ip.toLowerCase();
  return v6 === '::' || v6 === '::1' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe8') || v6.startsWith('fe9') ||
    v6.startsWith('fea') || v6.startsWith('feb') || v6.startsWith('ff');
}

function isLinkLocal(ip: string): boolean {
  const v4 = ipv4Parts(ip.replace(/^::ffff:/i, ''));
  return v4 ? v4[0] === 169 && v4[1] === 254 : /^fe[89ab]/i.test(ip);
}

export type Resolver = (host: string) => Promise<string[]>;
const dnsResolver: Resolver = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

/**
 * SSRF check of a store URL a user gave us (or a plugin derived from it).
 * Production: https only, and neither the literal host nor any address it
 * resolves to may be loopback, private, link-local or reserved. Elsewhere:
 * http(s), loopback allowed (local sandboxes), cloud metadata still refused.
 */
export async function assertSafeStoreUrl(raw: string, production: boolean, resolve: Resolver = dnsResolver): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw ApiError.badRequest('invalid_store', 'The store is not a valid URL or identifier');
  }
  if (url.username || url.password) throw ApiError.badRequest('invalid_store', 'Store URLs may not carry credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!production) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw ApiError.badRequest('invalid_store', 'Store URLs must be http(s)');
    if (isIP(host) && isLinkLocal(host)) throw ApiError.badRequest('store_not_allowed', 'That store address is not allowed');
    return url;
  }
  if (url.protocol !== 'https:') throw ApiError.badRequest('store_not_allowed', 'Store URLs must use https');
  const addresses = isIP(host) ? [host] : await resolve(host).catch(() => {
    throw ApiError.badRequest('store_unresolvable', 'The store host does not resolve');
  });
  if (host === 'localhost' || addresses.length === 0 || addresses.some(isPrivateOrReserved)) {
    throw ApiError.badRequest('store_not_allowed', 'Store URLs may not point at loopback or private addresses');
  }
  return url;
}
