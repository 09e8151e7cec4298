import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  IsNotEmpty,
  IsUrl,
} from 'class-validator';
import {
  FULFILLMENT_STATUSES,
  ORDER_STATUSES,
  PRODUCT_STATUSES,
  WEIGHT_UNITS,
  type FulfillmentStatus,
  type OrderStatus,
  type ProductStatus,
  type WeightUnit,
} from '@storebridge/contracts';

/** Unix seconds, or an ISO 8601 date/time. */
const TIME = /^(\d{1,12}|\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)$/;

export class ConnectionQuery {
  @ApiPropertyOptional({ description: 'The connection (its UUID or conn_… id).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  connectionId?: string;

  @ApiPropertyOptional({ description: 'Alias of connectionId.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  credentialId?: string;
}

export class PageQuery extends ConnectionQuery {
  @ApiPropertyOptional({ default: 50, maximum: 250 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(250)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Updated at or after: unix seconds or ISO 8601.' })
  @IsOptional()
  @Matches(TIME, { message: 'updatedSince must be unix seconds or an ISO 8601 date' })
  updatedSince?: string;
}

export class ProductListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Created at or after: unix seconds or ISO 8601.' })
  @IsOptional()
  @Matches(TIME, { message: 'createdTimestamp must be unix seconds or an ISO 8601 date' })
  createdTimestamp?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  productType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  descriptionContains?: string;
}

export class OrderListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: FULFILLMENT_STATUSES })
  @IsOptional()
  @IsIn(FULFILLMENT_STATUSES)
  fulfillmentStatus?: FulfillmentStatus;

  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @Matches(/^[A-Za-z]{3}$/, { message: 'currency must be a 3-letter ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  orderStatus?: OrderStatus;
}

export class OptionValueDto {
  @IsString()
  @MaxLength(255)
  name!: string;

  @IsString()
  @MaxLength(255)
  value!: string;
}

export class InventoryDto {
  @IsInt()
  @Min(0)
  totalCount!: number;
}

export class WeightDto {
  @IsNumber()
  @Min(0)
  value!: number;

  @IsIn(WEIGHT_UNITS)
  unit!: WeightUnit;
}

export class ImageDto {
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  url!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  altText?: string | null;
}

export class VariantInputDto {
  @IsOptional() @IsString() @MaxLength(200) remoteId?: string | null;
  @IsOptional() @IsString() @MaxLength(255) title?: string | null;
  @IsOptional() @IsString() @MaxLength(255) sku?: string | null;

  @IsOptional()
  @Matches(/^\d+(\.\d+)?$/, { message: 'price must be a non-negative decimal' })
  @Type(() => String)
  price?: string | null;

  @IsOptional() @Matches(/^[A-Z]{3}$/) currency?: string | null;

  @IsOptional() @IsArray() @ArrayMaxSize(3) @ValidateNested({ each: true }) @Type(() => OptionValueDto)
  optionValues?: OptionValueDto[];

  @IsOptional() @ValidateNested() @Type(() => InventoryDto)
  inventory?: InventoryDto;

  @IsOptional() @ValidateNested() @Type(() => WeightDto)
  weight?: WeightDto | null;
}

class ProductFieldsDto {
  @IsOptional() @IsString() @MaxLength(65535) description?: string | null;
  @IsOptional() @IsString() @MaxLength(255) productType?: string | null;
  @IsOptional() @IsString() @MaxLength(255) vendor?: string | null;
  @IsOptional() @IsIn(PRODUCT_STATUSES) productStatus?: ProductStatus;
  @IsOptional() @IsArray() @ArrayMaxSize(250) @IsString({ each: true }) @MaxLength(255, { each: true }) tags?: string[];
  @IsOptional() @IsString() @MaxLength(2000) productUrl?: string | null;

  @IsOptional() @IsArray() @ArrayMaxSize(250) @ValidateNested({ each: true }) @Type(() => ImageDto)
  images?: ImageDto[];

  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => VariantInputDto)
  variants?: VariantInputDto[];
}

/** A product patch: only the fields given change. */
export class ProductPatchDto extends ProductFieldsDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) productName?: string;
}

/** A whole product (create, replace). */
export class ProductInputDto extends ProductFieldsDto {
  @IsString() @IsNotEmpty() @MaxLength(255) productName!: string;
}
