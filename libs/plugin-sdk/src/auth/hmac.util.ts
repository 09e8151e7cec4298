import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureEncoding = 'base64' | 'hex';

export function hmacSha256(key: string | Buffer, data: string | Buffer, encoding: SignatureEncoding): string {
  return createHmac('sha256', key).update(data).digest(encoding);
}

/** Constant-time string comparison (length is not secret: signatures have a fixed length). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) return false;
  return timingSafeEqual(ab, bb);
}

/**
 * Checks an HMAC-SHA256 signature in constant time. Hex is compared
 * case-insensitively; base64 exactly (it is case-sensitive).
 */
export function verifyHmacSha256(
  key: string | Buffer,
  data: string | Buffer,
  signature: string | null | undefined,
  encoding: SignatureEncoding,
): boolean {
  if (!signature) return false;
  const expected = hmacSha256(key, data, encoding);
  const given = encoding === 'hex' ? signature.trim().toLowerCase() : signature.trim();
  return safeEqual(expected, given);
}
