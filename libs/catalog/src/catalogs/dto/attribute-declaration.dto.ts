import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import type { AttrType } from '@storebridge/catalog-filter';
import { ATTRIBUTE_TYPES } from '../catalog-attributes';

export class AttributeDeclarationDto {
  @ApiProperty({ example: 'size', description: 'Letters, digits and underscores; not sku or price' })
  @IsString()
  @MaxLength(63)
  @Matches(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'name must be letters, digits and underscores, not starting with a digit' })
  name!: string;

  @ApiProperty({ enum: ATTRIBUTE_TYPES })
  @IsIn(ATTRIBUTE_TYPES)
  type!: AttrType;
}
