import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AssignVariantOptionsDto, CreateVariantOptionDto } from '../dto';
import { VariantOptionsService, type AssignedOptionView, type VariantOptionView } from '../services/variant-options.service';
import { uuidParam } from './uuid-param';

@ApiTags('products')
@ApiBearerAuth()
@Controller('api/v1')
export class VariantOptionsController {
  constructor(private readonly options: VariantOptionsService) {}

  @Get('variant-options')
  @ApiOperation({ summary: "The org's variant options" })
  async listOrg(): Promise<{ variantOptions: VariantOptionView[] }> {
    return { variantOptions: await this.options.listOrg() };
  }

  @Post('variant-options')
  @ApiOperation({ summary: 'Define an org variant option (name unique per org, case-insensitively)' })
  async createOrg(@Body() body: CreateVariantOptionDto): Promise<{ variantOption: VariantOptionView }> {
    return { variantOption: await this.options.createOrg(body) };
  }

  @Get('products/:productId/variant-options')
  async listForProduct(@Param('productId', uuidParam('productId')) productId: string): Promise<{ variantOptions: AssignedOptionView[] }> {
    return { variantOptions: await this.options.listForProduct(productId) };
  }

  @Post('products/:productId/variant-options')
  @ApiOperation({ summary: 'Assign org options to the product (already assigned ones are kept)' })
  async assign(@Param('productId', uuidParam('productId')) productId: string, @Body() body: AssignVariantOptionsDto): Promise<{ variantOptions: AssignedOptionView[] }> {
    return { variantOptions: await this.options.assign(productId, body.optionIds) };
  }

  @Delete('products/:productId/variant-options/:optionId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Unassign an option; 409 while variants use it' })
  async unassign(@Param('productId', uuidParam('productId')) productId: string, @Param('optionId', uuidParam('optionId')) optionId: string): Promise<void> {
    await this.options.unassign(productId, optionId);
  }
}
