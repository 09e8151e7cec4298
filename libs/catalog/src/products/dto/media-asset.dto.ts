import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { MEDIA_ASSET_TYPES, type MediaAssetType } from '../entities';
import { IsHttpUrl, IsOptionalNotNull } from './validators';

export class CreateMediaAssetDto {
  @ApiProperty({ example: 'https://cdn.example.com/shirt.jpg' })
  @IsHttpUrl()
  @MaxLength(2048)
  url!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  altText?: string | null;

  @ApiPropertyOptional({ enum: MEDIA_ASSET_TYPES, default: 'image' })
  @IsOptionalNotNull()
  @IsIn(MEDIA_ASSET_TYPES as string[])
  type?: MediaAssetType;

  @ApiPropertyOptional({ minimum: 0, description: 'Where to insert; at the end when left out' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(100_000)
  position?: number;
}

/** The fields given change; `position` moves the asset. */
export class UpdateMediaAssetDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsHttpUrl()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  altText?: string | null;

  @ApiPropertyOptional({ enum: MEDIA_ASSET_TYPES })
  @IsOptionalNotNull()
  @IsIn(MEDIA_ASSET_TYPES as string[])
  type?: MediaAssetType;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(100_000)
  position?: number;
}

export class ReorderMediaAssetsDto {
  @ApiProperty({ type: [String], description: "Exactly the product's asset ids, in the new order" })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  assetIds!: string[];
}
