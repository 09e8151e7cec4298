import { QueryFailedError } from 'typeorm';
import { ApiError } from '@storebridge/contracts';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

function pgError(e: unknown): PgError | undefined {
  return e instanceof QueryFailedError ? (e.driverError as PgError) : undefined;
}

export function isUniqueViolation(e: unknown, constraint: string): boolean {
  const pg = pgError(e);
  return pg?.code === '23505' && pg.constraint === constraint;
}

export function skuConflict(sku: string): ApiError {
  return ApiError.conflict('sku_conflict', `SKU "${sku}" is already used by another product's variant`, { sku });
}

/** Unique violations that a pre-check missed (a concurrent write) as the friendly errors. */
export function translateDbError(e: unknown): unknown {
  const pg = pgError(e);
  if (pg?.code !== '23505') return e;
  if (pg.constraint === 'product_variants_org_sku_uq') {
    // detail: Key (org_id, sku)=(<uuid>, <sku>) already exists.
    const sku = /=\([^,]+, (.*)\) already exists/.exec(pg.detail ?? '')?.[1] ?? '';
    return skuConflict(sku);
  }
  if (pg.constraint === 'products_org_sync_source_uq') {
    return ApiError.conflict('sync_source_conflict', 'Another product has this syncSource and syncSourceId');
  }
  if (pg.constraint === 'variant_options_org_name_uq') {
    return ApiError.conflict('option_exists', 'An option with this name exists');
  }
  return e;
}

export function fieldError(field: string, problem: string): ApiError {
  return ApiError.badRequest('validation_failed', `${field}: ${problem}`, [{ field, problems: [problem] }]);
}
