import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateMediaAssetDto, ReorderMediaAssetsDto, UpdateMediaAssetDto } from '../dto';
import { ProductMediaService } from '../services/product-media.service';
import type { CentralImage } from '../to-unified-product.mapper';
import { uuidParam } from './uuid-param';

@ApiTags('products')
@ApiBearerAuth()
@Controller('api/v1/products/:productId/media-assets')
export class ProductMediaController {
  constructor(private readonly media: ProductMediaService) {}

  @Post()
  async create(@Param('productId', uuidParam('productId')) productId: string, @Body() body: CreateMediaAssetDto): Promise<{ mediaAsset: CentralImage }> {
    return { mediaAsset: await this.media.create(productId, body) };
  }

  @Get()
  async list(@Param('productId', uuidParam('productId')) productId: string): Promise<{ mediaAssets: CentralImage[] }> {
    return { mediaAssets: await this.media.list(productId) };
  }

  // Declared before `:assetId` so that "reorder" is not taken for an id.
  @Put('reorder')
  @ApiOperation({ summary: "Reorder: assetIds must be exactly the product's assets" })
  async reorder(@Param('productId', uuidParam('productId')) productId: string, @Body() body: ReorderMediaAssetsDto): Promise<{ mediaAssets: CentralImage[] }> {
    return { mediaAssets: await this.media.reorder(productId, body.assetIds) };
  }

  @Put(':assetId')
  async update(
    @Param('productId', uuidParam('productId')) productId: string,
    @Param('assetId', uuidParam('assetId')) assetId: string,
    @Body() body: UpdateMediaAssetDto,
  ): Promise<{ mediaAsset: CentralImage }> {
    return { mediaAsset: await this.media.update(productId, assetId, body) };
  }

  @Delete(':assetId')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('productId', uuidParam('productId')) productId: string, @Param('assetId', uuidParam('assetId')) assetId: string): Promise<void> {
    await this.media.remove(productId, assetId);
  }
}
