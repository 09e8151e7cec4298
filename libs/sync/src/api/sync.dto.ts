import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import type { ImportMode, ImportObject, PushAction } from '../entities/sync-job.entity';

export class PushProductDto {
  @ApiProperty({ format: 'uuid', description: 'A product of the central catalog' })
  @IsUUID()
  productId!: string;

  @ApiProperty({ enum: ['UPSERT', 'DELETE'] })
  @IsIn(['UPSERT', 'DELETE'])
  action!: PushAction;
}

export class ImportRequestDto {
  @ApiProperty({ type: [String], enum: ['products', 'orders'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(['products', 'orders'], { each: true })
  objects!: ImportObject[];

  @ApiPropertyOptional({ enum: ['incremental', 'full'], default: 'incremental' })
  @IsOptional()
  @IsIn(['incremental', 'full'])
  mode?: ImportMode;
}

export class SyncSettingsDto {
  @ApiProperty({ description: 'Push products automatically when they change in the central catalog' })
  @IsBoolean()
  autoPush!: boolean;
}

export class ListSyncJobsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  connectionId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
