import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError } from '@storebridge/contracts';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flatten nested class-validator errors into `field.path: problems`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/**
 * The one request validation: unknown fields are rejected, types are
 * transformed, and a failure is a 400 `validation_failed` naming each field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      const message = details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ');
      return ApiError.badRequest('validation_failed', message || 'Invalid request', details);
    },
  });
}
