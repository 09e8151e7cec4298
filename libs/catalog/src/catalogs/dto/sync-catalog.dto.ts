import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { MAX_SYNC_ACTIONS, SYNC_ACTION_TYPES } from '../sync-actions';

/**
 * The envelope of one action. The payload's shape depends on `type`, so it is
 * checked by parseSyncActions (a discriminated check against the catalog's
 * declared attributes), which names the failing action's index.
 */
export class SyncActionDto {
  @ApiProperty({ enum: SYNC_ACTION_TYPES })
  @IsString()
  type!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { sku: 'SKU1241028', price: 100, attributes: { color: 'Navy blue' } } })
  @IsObject()
  payload!: Record<string, unknown>;
}

export class SyncCatalogDto {
  @ApiProperty({ type: [SyncActionDto], minItems: 1, maxItems: MAX_SYNC_ACTIONS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SYNC_ACTIONS)
  @ValidateNested({ each: true })
  @Type(() => SyncActionDto)
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
