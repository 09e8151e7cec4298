import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { CommerceErrorCode, isApiError, isCommerceError, RateLimitedError } from '@storebridge/contracts';

export interface ErrorBody {
  error: string;
  message: string;
  details?: unknown;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'rate_limited',
};

/** How a provider failure that reached the HTTP layer is answered. */
const COMMERCE_STATUS: Record<CommerceErrorCode, [number, string]> = {
  [CommerceErrorCode.NotFound]: [404, 'remote_not_found'],
  [CommerceErrorCode.Validation]: [422, 'provider_validation_failed'],
  [CommerceErrorCode.Conflict]: [409, 'provider_conflict'],
  [CommerceErrorCode.AuthRevoked]: [502, 'provider_auth_revoked'],
  [CommerceErrorCode.RateLimited]: [429, 'provider_rate_limited'],
  [CommerceErrorCode.Transient]: [502, 'provider_unavailable'],
  [CommerceErrorCode.Permanent]: [502, 'provider_error'],
};

/**
 * Every error leaves as JSON `{ error, message, details? }` with a stable
 * code. Unknown errors become a 500 with a generic message: stack traces and
 * driver messages stay in the log.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.toResponse(exception);
    if (status >= 500 && !(isCommerceError(exception))) {
      this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    }
    if (exception instanceof RateLimitedError && exception.retryAfterMs !== null) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterMs / 1000))));
    }
    if (!res.headersSent) res.status(status).json(body);
  }

  toResponse(exception: unknown): [number, ErrorBody] {
    if (isApiError(exception)) {
      const body: ErrorBody = { error: exception.code, message: exception.message };
      if (exception.details !== undefined) body.details = exception.details;
      return [exception.status, body];
    }
    if (isCommerceError(exception)) {
      const [status, code] = COMMERCE_STATUS[exception.code];
      return [status, { error: code, message: exception.message }];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
      // Nest turns body-parser's SyntaxError into a bare 400 with the parser's message.
      if (status === 400 && /JSON/.test(message) && !Array.isArray(raw)) {
        return [400, { error: 'invalid_json', message: 'Request body is not valid JSON' }];
      }
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'error');
      return [status, { error: code, message: status >= 500 ? 'Internal server error' : message }];
    }
    if (isBodyParserError(exception)) {
      const status = exception.status ?? exception.statusCode ?? 400;
      const code = exception.type === 'entity.parse.failed' ? 'invalid_json' : (CODE_BY_STATUS[status] ?? 'bad_request');
      return [status, { error: code, message: code === 'invalid_json' ? 'Request body is not valid JSON' : exception.message }];
    }
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception.driverError as { code?: string } | undefined)?.code;
      if (pgCode === '23505') return [409, { error: 'conflict', message: 'A record with the same unique key already exists' }];
      if (pgCode === '22P02') return [400, { error: 'invalid_input', message: 'A value has an invalid format' }];
    }
    return [HttpStatus.INTERNAL_SERVER_ERROR, { error: 'internal_error', message: 'Internal server error' }];
  }
}

function isBodyParserError(e: unknown): e is Error & { type?: string; status?: number; statusCode?: number } {
  return e instanceof Error && typeof (e as { type?: unknown }).type === 'string' && ('status' in e || 'statusCode' in e);
}
