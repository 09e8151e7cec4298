import { ApiError } from '@storebridge/contracts';

/**
 * Orders are listed by insertion sequence: a walk sees every order that
 * existed when it started exactly once; orders inserted meanwhile come after.
 */
export function encodeOrderCursor(seq: string): string {
  return Buffer.from(`o:${seq}`).toString('base64url');
}

export function decodeOrderCursor(cursor: string): string {
  const m = /^o:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw ApiError.badRequest('invalid_cursor', 'cursor is not one this API returned');
  return m[1];
}
