import { ApiError } from '@storebridge/contracts';

/**
 * Products are listed in insertion order (`seq`). A walk sees every product
 * that existed when it started exactly once, whatever is inserted meanwhile:
 * new rows get a higher seq and can only appear after the cursor.
 */
export function encodeProductCursor(seq: string): string {
  return Buffer.from(`p:${seq}`).toString('base64url');
}

export function decodeProductCursor(cursor: string): string {
  const m = /^p:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw ApiError.badRequest('invalid_cursor', 'cursor is not one this API returned');
  return m[1];
}
