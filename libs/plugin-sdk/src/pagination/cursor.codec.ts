import { ValidationError } from '@storebridge/contracts';

/**
 * Page cursors are opaque to everyone but their plugin (contracts' Page);
 * a plugin keeps whatever it needs to resume (page number, provider cursor,
 * URL) in one base64url JSON string.
 */
export function encodeCursor(state: unknown): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string | null | undefined): T | null {
  if (!cursor) return null;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch (e) {
    throw new ValidationError('invalid page cursor', { cause: e });
  }
}
