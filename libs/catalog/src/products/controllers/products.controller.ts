import { Body, Controller, Delete, Get, HttpStatus, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateProductDto, GetProductQuery, ListProductsQuery, PatchProductDto, ReplaceProductDto, SearchProductsQuery } from '../dto';
import { parseInclude } from '../products.types';
import { ProductsService } from '../services/products.service';
import type { ProductView } from '../to-unified-product.mapper';
import { uuidParam } from './uuid-param';

@ApiTags('products')
@ApiBearerAuth()
@Controller('api/v1/products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a product (201), or update the one with the same syncSource + syncSourceId (200)' })
  async create(@Body() body: CreateProductDto, @Res({ passthrough: true }) res: Response): Promise<{ product: ProductView }> {
    const { product, created } = await this.products.create(body);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return { product };
  }

  @Get()
  @ApiOperation({ summary: "List the org's products (keyset pages; archived only with productStatus=ARCHIVED)" })
  @ApiOkResponse({ description: '{ products: [...], pageInfo: { hasNext, nextCursor } }' })
  async list(@Query() q: ListProductsQuery, @Res() res: Response): Promise<void> {
    const { include, ...rest } = q;
    // Already the UTF-8 bytes of a ProductPage: sent as is, not parsed and re-serialised.
    const body = await this.products.listBody({ ...rest, include: parseInclude(include, []) });
    res.set('Content-Type', 'application/json; charset=utf-8').send(body);
  }

  @Get('search')
  @ApiOperation({ summary: 'Find the product with this syncSource + syncSourceId (0 or 1 in `products`)' })
  async search(@Query() q: SearchProductsQuery): Promise<{ products: ProductView[] }> {
    const found = await this.products.findBySyncSource(q.syncSource, q.syncSourceId, parseInclude(q.include, ['mediaAssets']));
    return { products: found ? [found] : [] };
  }

  @Get(':productId')
  @ApiOperation({ summary: 'Get a product (include defaults to mediaAssets)' })
  async get(@Param('productId', uuidParam('productId')) id: string, @Query() q: GetProductQuery): Promise<{ product: ProductView }> {
    return { product: await this.products.get(id, parseInclude(q.include, ['mediaAssets'])) };
  }

  @Put(':productId')
  @ApiOperation({ summary: 'Replace the product fields (left out = cleared; status and sync source kept when left out)' })
  async replace(@Param('productId', uuidParam('productId')) id: string, @Body() body: ReplaceProductDto): Promise<{ product: ProductView }> {
    return { product: await this.products.replace(id, body) };
  }

  @Patch(':productId')
  @ApiOperation({ summary: 'Change the product fields given' })
  async patch(@Param('productId', uuidParam('productId')) id: string, @Body() body: PatchProductDto): Promise<{ product: ProductView }> {
    return { product: await this.products.patch(id, body) };
  }

  @Delete(':productId')
  @ApiOperation({ summary: 'Archive the product (kept and readable by id; hidden from lists; SKUs freed)' })
  async archive(@Param('productId', uuidParam('productId')) id: string): Promise<{ product: ProductView }> {
    return { product: await this.products.archive(id) };
  }
}
