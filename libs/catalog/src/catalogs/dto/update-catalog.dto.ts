import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { AttributeDeclarationDto } from './attribute-declaration.dto';
import { MAX_CATALOG_ATTRIBUTES } from './create-catalog.dto';

/** Attributes can only be added: removing or retyping one would invalidate stored items. */
export class UpdateCatalogDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ type: [AttributeDeclarationDto], description: 'Attributes to add; redeclaring one with its type is a no-op' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CATALOG_ATTRIBUTES)
  @ValidateNested({ each: true })
  @Type(() => AttributeDeclarationDto)
  attributes?: AttributeDeclarationDto[];
}
