import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PRODUCT_STATUSES, type ProductStatus } from '@storebridge/contracts';

const toArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

const INCLUDE = /^(?:(?:variants|mediaAssets)(?:,(?:variants|mediaAssets))*)?$/;

export class GetProductQuery {
  @ApiPropertyOptional({ description: 'Comma-separated: variants, mediaAssets (default mediaAssets)', example: 'variants,mediaAssets' })
  @IsOptional()
  @IsString()
  @Matches(INCLUDE, { message: 'include must be a comma-separated list of variants, mediaAssets' })
  include?: string;
}

/** Query of GET /api/v1/products (reference 000/003 filters plus the generic filter language). */
export class ListProductsQuery {
  @ApiPropertyOptional({ description: 'Comma-separated: variants, mediaAssets (default none)', example: 'variants,mediaAssets' })
  @IsOptional()
  @IsString()
  @Matches(INCLUDE, { message: 'include must be a comma-separated list of variants, mediaAssets' })
  include?: string;

  @ApiPropertyOptional({ default: 50, maximum: 250 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(250)
  limit?: number;

  @ApiPropertyOptional({ description: 'pageInfo.nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  productType?: string;

  @ApiPropertyOptional({ enum: PRODUCT_STATUSES, description: 'Archived products are listed only when asked for' })
  @IsOptional()
  @IsIn(PRODUCT_STATUSES as string[])
  productStatus?: ProductStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  vendor?: string;

  @ApiPropertyOptional({ description: 'Products having this tag' })
  @IsOptional()
  @IsString()
  tag?: string;

  @ApiPropertyOptional({ description: 'Unix seconds: products created at or after' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  createdTimestamp?: number;

  @ApiPropertyOptional({ description: 'Unix seconds: products updated at or after' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  updatedSince?: number;

  @ApiPropertyOptional({ description: 'Case-insensitive substring of the description' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  descriptionContains?: string;

  @ApiPropertyOptional({ description: 'Products with a variant of this SKU' })
  @IsOptional()
  @IsString()
  sku?: string;

  @ApiPropertyOptional({ description: '`attr:op:value`, repeatable (EQ LT LE GT GE IN)', type: [String] })
  @IsOptional()
  @Transform(toArray)
  @IsString({ each: true })
  filter?: string[];

  @ApiPropertyOptional({ description: 'The same filters as a JSON array of {attr, op, value}' })
  @IsOptional()
  @IsString()
  filters?: string;
}

export class SearchProductsQuery {
  @ApiProperty({ example: 'shopify' })
  @IsString()
  @IsNotEmpty()
  syncSource!: string;

  @ApiProperty({ example: '1234567890123' })
  @IsString()
  @IsNotEmpty()
  syncSourceId!: string;

  @ApiPropertyOptional({ description: 'Comma-separated: variants, mediaAssets (default mediaAssets)' })
  @IsOptional()
  @IsString()
  @Matches(INCLUDE, { message: 'include must be a comma-separated list of variants, mediaAssets' })
  include?: string;
}
