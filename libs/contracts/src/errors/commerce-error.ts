/**
 * The one error taxonomy (STYLE.md §5). Plugins translate provider failures
 * into these; the host maps them to HTTP statuses and to retry or no-retry in
 * queues. `code` is stable and safe to show; `message` never holds secrets.
 */
export enum CommerceErrorCode {
  NotFound = 'not_found',
  Validation = 'validation',
  Conflict = 'conflict',
  AuthRevoked = 'auth_revoked',
  RateLimited = 'rate_limited',
  Transient = 'transient',
  Permanent = 'permanent',
}

export interface CommerceErrorOptions {
  /** The provider's own message or error body summary, for operators. */
  providerMessage?: string;
  /** HTTP status the provider answered, when there was one. */
  status?: number;
  details?: unknown;
  cause?: unknown;
}

export abstract class CommerceError extends Error {
  abstract readonly code: CommerceErrorCode;
  /** Whether repeating the same call later may succeed. */
  abstract readonly retryable: boolean;
  readonly providerMessage?: string;
  readonly status?: number;
  readonly details?: unknown;

  constructor(message: string, options: CommerceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.providerMessage = options.providerMessage;
    this.status = options.status;
    this.details = options.details;
  }
}

export class NotFoundError extends CommerceError {
  readonly code = CommerceErrorCode.NotFound;
  readonly retryable = false;
}

export class ValidationError extends CommerceError {
  readonly code = CommerceErrorCode.Validation;
  readonly retryable = false;
}

export class ConflictError extends CommerceError {
  readonly code = CommerceErrorCode.Conflict;
  readonly retryable = false;
}

/** Credentials were revoked or expired beyond refresh: the connection needs re-auth. */
export class AuthRevokedError extends CommerceError {
  readonly code = CommerceErrorCode.AuthRevoked;
  readonly retryable = false;
}

export class RateLimitedError extends CommerceError {
  readonly code = CommerceErrorCode.RateLimited;
  readonly retryable = true;
  constructor(
    message: string,
    /** How long the provider asked us to wait, in milliseconds. */
    readonly retryAfterMs: number | null,
    options: CommerceErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** Network failure, timeout, 5xx: may succeed if tried again. */
export class TransientError extends CommerceError {
  readonly code = CommerceErrorCode.Transient;
  readonly retryable = true;
}

/** Anything else the provider refused that will not change on retry. */
export class PermanentError extends CommerceError {
  readonly code = CommerceErrorCode.Permanent;
  readonly retryable = false;
}

export function isCommerceError(error: unknown): error is CommerceError {
  return error instanceof CommerceError;
}
