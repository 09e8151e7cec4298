import { isCommerceError, RateLimitedError } from '@storebridge/contracts';

/** A safe one-line reason for the job status: the taxonomy code and the provider's own message. */
export function describeError(e: unknown): string {
  if (isCommerceError(e)) {
    const detail = e.providerMessage && e.providerMessage !== e.message ? `${e.message} (${e.providerMessage})` : e.message;
    return `${e.code}: ${detail}`.slice(0, 1000);
  }
  return (e instanceof Error ? e.message : String(e)).slice(0, 1000);
}

/** Errors that will not change on retry: stop at once. Unknown errors are retried. */
export function isPermanent(e: unknown): boolean {
  return isCommerceError(e) && !e.retryable;
}

/** How long the provider asked us to wait, when it did. */
export function retryAfterOf(e: unknown): number | null {
  return e instanceof RateLimitedError && e.retryAfterMs !== null && e.retryAfterMs > 0 ? e.retryAfterMs : null;
}
