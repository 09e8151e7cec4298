import { Injectable, type PipeTransform } from '@nestjs/common';
import { validateSync } from 'class-validator';
import { ApiError } from '@storebridge/contracts';
import { SyncCatalogDto } from './dto/sync-catalog.dto';

/**
 * Validates the sync body against SyncCatalogDto's own decorators, without
 * the global pipe's class-transformer pass: that pass deep-copies all 1000
 * payloads (~20 ms per request when warm, far more when not: a third of the
 * whole sync). The envelope is checked here (1..1000 objects, `version`, no
 * unknown fields, same `validation_failed` answer as the global pipe); each
 * action's payload is then checked by parseSyncActions against the catalog.
 * The handler declares its body as this pipe's output type, which the global
 * pipe leaves alone.
 */
@Injectable()
export class SyncBodyPipe implements PipeTransform<unknown, SyncCatalogDto> {
  transform(value: unknown): SyncCatalogDto {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw ApiError.badRequest('validation_failed', 'body must be a JSON object', [{ field: 'body', problems: ['must be a JSON object'] }]);
    }
    // Shallow: the decorators only look at the top level and at each action being an object.
    const dto = Object.assign(new SyncCatalogDto(), value);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
    if (errors.length) {
      const details = errors.map((e) => ({ field: e.property, problems: Object.values(e.constraints ?? {}) }));
      throw ApiError.badRequest('validation_failed', details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; '), details);
    }
    return dto;
  }
}
