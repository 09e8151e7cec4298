/**
 * An error meant for an API caller: an HTTP status, a stable snake_case code
 * and a human message. Thrown by module services; the host's exception filter
 * answers it as `{ error, message, details? }`. Free of Nest so that any lib
 * may throw it.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static badRequest(code: string, message: string, details?: unknown): ApiError {
    return new ApiError(400, code, message, details);
  }
  static unauthorized(code: string, message: string): ApiError {
    return new ApiError(401, code, message);
  }
  static forbidden(code: string, message: string): ApiError {
    return new ApiError(403, code, message);
  }
  static notFound(code: string, message: string, details?: unknown): ApiError {
    return new ApiError(404, code, message, details);
  }
  static conflict(code: string, message: string, details?: unknown): ApiError {
    return new ApiError(409, code, message, details);
  }
  static unprocessable(code: string, message: string, details?: unknown): ApiError {
    return new ApiError(422, code, message, details);
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
