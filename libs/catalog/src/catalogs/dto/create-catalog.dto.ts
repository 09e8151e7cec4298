import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { AttributeDeclarationDto } from './attribute-declaration.dto';

export const MAX_CATALOG_ATTRIBUTES = 100;

export class CreateCatalogDto {
  @ApiProperty({ example: 'Shoes' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ type: [AttributeDeclarationDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CATALOG_ATTRIBUTES)
  @ValidateNested({ each: true })
  @Type(() => AttributeDeclarationDto)
  attributes?: AttributeDeclarationDto[];
}
