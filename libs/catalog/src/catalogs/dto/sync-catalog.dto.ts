import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsObject, IsOptional, Min } from 'class-validator';
import { MAX_SYNC_ACTIONS, SYNC_ACTION_TYPES } from '../sync-actions';

/**
 * One action, for the OpenAPI document. Its payload's shape depends on `type`,
 * so actions are checked by parseSyncActions (a discriminated check against
 * the catalog's declared attributes, naming the failing action's index), not
 * by nested DTO validation: class-transformer + class-validator over 1000
 * nested objects cost 50-150 ms per request, more than the SQL of the sync.
 */
export class SyncActionDto {
  @ApiProperty({ enum: SYNC_ACTION_TYPES })
  type!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { sku: 'SKU1241028', price: 100, attributes: { color: 'Navy blue' } } })
  payload!: Record<string, unknown>;
}

export class SyncCatalogDto {
  @ApiProperty({ type: [SyncActionDto], minItems: 1, maxItems: MAX_SYNC_ACTIONS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SYNC_ACTIONS)
  @IsObject({ each: true })
  actions!: SyncActionDto[];

  @ApiPropertyOptional({ description: "The catalog's current version; on mismatch the sync is refused with 409" })
  @IsOptional()
  @IsInt()
  @Min(0)
  version?: number;
}

export class SyncQueryDto {
  @ApiPropertyOptional({ description: 'Validate and match, answer what would change, change nothing' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}
