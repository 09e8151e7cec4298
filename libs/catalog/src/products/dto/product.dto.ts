import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PRODUCT_STATUSES, type ProductStatus } from '@storebridge/contracts';
import { CreateMediaAssetDto } from './media-asset.dto';
import { VariantInputDto } from './variant.dto';
import { IsHttpUrl, IsOptionalNotNull } from './validators';

/** Product fields shared by create, PUT and PATCH. */
class ProductFieldsDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  description?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'Apparel' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  productType?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  vendor?: string | null;

  @ApiPropertyOptional({ enum: PRODUCT_STATUSES })
  @IsOptionalNotNull()
  @IsIn(PRODUCT_STATUSES as string[])
  productStatus?: ProductStatus;

  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(250)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(255, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ nullable: true, description: 'http(s) URL; "" or null for none' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== '')
  @IsHttpUrl()
  @MaxLength(2048)
  productUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'shopify', description: 'Given with syncSourceId, or neither' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  syncSource?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '1234567890123' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  syncSourceId?: string | null;
}

/** POST /products: creates, or upserts by syncSource + syncSourceId. */
export class CreateProductDto extends ProductFieldsDto {
  @ApiProperty({ example: 'New Hoodie' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  productName!: string;

  @ApiPropertyOptional({ type: [String], description: 'Org variant options to assign before the variants are created' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  optionIds?: string[];

  @ApiPropertyOptional({ type: [VariantInputDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(250)
  @ValidateNested({ each: true })
  @Type(() => VariantInputDto)
  variants?: VariantInputDto[];

  @ApiPropertyOptional({ type: [CreateMediaAssetDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(250)
  @ValidateNested({ each: true })
  @Type(() => CreateMediaAssetDto)
  mediaAssets?: CreateMediaAssetDto[];
}

/** PUT /products/:id: every product field is replaced (left out = cleared), except status and sync source (kept). */
export class ReplaceProductDto extends ProductFieldsDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  productName!: string;
}

/** PATCH /products/:id: only the fields given change. */
export class PatchProductDto extends ProductFieldsDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  productName?: string;
}
