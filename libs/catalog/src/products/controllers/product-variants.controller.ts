import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { VariantInputDto } from '../dto';
import { ProductVariantsService } from '../services/product-variants.service';
import type { CentralVariant } from '../to-unified-product.mapper';
import { uuidParam } from './uuid-param';

@ApiTags('products')
@ApiBearerAuth()
@Controller('api/v1/products/:productId/variants')
export class ProductVariantsController {
  constructor(private readonly variants: ProductVariantsService) {}

  @Post()
  @ApiOperation({ summary: 'Add a variant (optionValues names must be options assigned to the product)' })
  async create(@Param('productId', uuidParam('productId')) productId: string, @Body() body: VariantInputDto): Promise<{ variant: CentralVariant }> {
    return { variant: await this.variants.create(productId, body) };
  }

  @Get()
  async list(@Param('productId', uuidParam('productId')) productId: string): Promise<{ variants: CentralVariant[] }> {
    return { variants: await this.variants.list(productId) };
  }

  @Put(':variantId')
  @ApiOperation({ summary: 'Change the variant fields given' })
  async update(
    @Param('productId', uuidParam('productId')) productId: string,
    @Param('variantId', uuidParam('variantId')) variantId: string,
    @Body() body: VariantInputDto,
  ): Promise<{ variant: CentralVariant }> {
    return { variant: await this.variants.update(productId, variantId, body) };
  }

  @Delete(':variantId')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(
    @Param('productId', uuidParam('productId')) productId: string,
    @Param('variantId', uuidParam('variantId')) variantId: string,
  ): Promise<void> {
    await this.variants.remove(productId, variantId);
  }
}
