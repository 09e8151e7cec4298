import { isHttpUrl } from '../dto/validators';
import { fieldError } from './db-errors';

/**
 * The rules of a product's own fields that every write path applies (the
 * products service for the API, the import writer for provider records), so
 * a record a store sends and a body a caller sends are held to the same.
 */

/** A product name: a non-empty string. */
export function checkProductName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw fieldError('productName', 'productName must not be empty');
  return value;
}

/** A product URL: http(s), or none (an empty string is none). */
export function checkProductUrl(value: string | null | undefined): string | null {
  const url = value ?? null;
  if (url !== null && url !== '' && !isHttpUrl(url)) throw fieldError('productUrl', 'productUrl must be an http or https URL');
  return url === '' ? null : url;
}
