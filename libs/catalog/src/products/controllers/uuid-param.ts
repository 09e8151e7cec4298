import { ParseUUIDPipe } from '@nestjs/common';
import { ApiError } from '@storebridge/contracts';

/** A path id that must be a UUID: 400 `invalid_id` naming the parameter otherwise. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => ApiError.badRequest('invalid_id', `${name} must be a UUID`) });
}
