import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class CreateTenantDto {
  @ApiProperty({ example: 'Acme' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;
}

export class CreateOrgDto {
  @ApiProperty({ example: 'EU store team' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;
}

export class CreateTokenDto {
  @ApiPropertyOptional({ example: 'ci' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;
}
