import { ApiError } from '@storebridge/contracts';

/** Item lists are keyset-paginated by SKU; the cursor is opaque to clients. */
export function encodeItemCursor(sku: string): string {
  return Buffer.from(JSON.stringify({ s: sku }), 'utf8').toString('base64url');
}

export function decodeItemCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown };
    if (typeof parsed.s === 'string') return parsed.s;
  } catch {
    // fall through
  }
  throw ApiError.badRequest('invalid_cursor', 'cursor is not one this API returned');
}
