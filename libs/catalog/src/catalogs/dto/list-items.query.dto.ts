import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export const MAX_ITEMS_PAGE = 1000;
export const DEFAULT_ITEMS_PAGE = 100;

export class ListItemsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_ITEMS_PAGE, default: DEFAULT_ITEMS_PAGE })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_ITEMS_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ description: 'attr:op:value, repeatable (e.g. size:GT:45, color:IN:red,blue, sku:EQ:A1)', type: [String] })
  @IsOptional()
  @IsString({ each: true })
  filter?: string | string[];

  @ApiPropertyOptional({ description: 'JSON array of {attr, op, value}' })
  @IsOptional()
  @IsString()
  filters?: string;
}
