import {
  AuthRevokedError,
  ConflictError,
  NotFoundError,
  PermanentError,
  RateLimitedError,
  TransientError,
  ValidationError,
  type CommerceError,
  type HttpResponse,
} from '@storebridge/contracts';

/** `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3), in ms; null when absent. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined || value === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** A short, secret-free summary of a provider's error body for operators. */
export function summarizeBody(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** The status-code translation every provider shares; plugins refine it with `translateError`. */
export function translateHttpStatus(res: HttpResponse): CommerceError | null {
  const { status } = res;
  if (status < 400) return null;
  const opts = { status, providerMessage: summarizeBody(res.body) };
  if (status === 401) return new AuthRevokedError('the provider rejected the credentials', opts);
  if (status === 404 || status === 410) return new NotFoundError('the provider has no such record', opts);
  if (status === 409) return new ConflictError('the provider reported a conflict', opts);
  if (status === 400 || status === 422) return new ValidationError('the provider rejected the request', opts);
  if (status === 429) return new RateLimitedError('the provider rate-limited the request', parseRetryAfter(res.headers['retry-after']), opts);
  if (status === 408 || status >= 500) return new TransientError(`the provider failed with HTTP ${status}`, opts);
  return new PermanentError(`the provider refused the request with HTTP ${status}`, opts);
}
