import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { WEIGHT_UNITS, type WeightUnit } from '@storebridge/contracts';
import { IsCurrencyCode, IsOptionalNotNull, IsPriceValue } from './validators';

export class OptionValueDto {
  @ApiProperty({ example: 'Size' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name!: string;

  @ApiProperty({ example: 'Medium' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  value!: string;
}

export class InventoryDto {
  @ApiProperty({ example: 50, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  totalCount!: number;
}

export class WeightDto {
  @ApiProperty({ example: 0.5, minimum: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 9 })
  @Min(0)
  @Max(1e9)
  value!: number;

  @ApiProperty({ enum: WEIGHT_UNITS })
  @IsIn(WEIGHT_UNITS as string[])
  unit!: WeightUnit;
}

/** A variant to create (nested in a product or on its own) or to update (fields given change). */
export class VariantInputDto {
  @ApiPropertyOptional({ example: 'Medium', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  title?: string | null;

  @ApiPropertyOptional({ example: 'SHIRT-M', nullable: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  sku?: string | null;

  @ApiPropertyOptional({ oneOf: [{ type: 'string', example: '25.00' }, { type: 'number', example: 25 }], nullable: true })
  @IsOptional()
  @IsPriceValue()
  price?: string | number | null;

  @ApiPropertyOptional({ example: 'USD', description: "ISO 4217; the org's default currency when left out" })
  @IsOptionalNotNull()
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ type: [OptionValueDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => OptionValueDto)
  optionValues?: OptionValueDto[];

  @ApiPropertyOptional({ type: InventoryDto })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => InventoryDto)
  inventory?: InventoryDto;

  @ApiPropertyOptional({ type: WeightDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => WeightDto)
  weight?: WeightDto | null;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(100_000)
  position?: number;
}
