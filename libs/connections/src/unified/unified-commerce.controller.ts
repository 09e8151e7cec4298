import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PageInfo, UnifiedOrder, UnifiedProduct } from '@storebridge/contracts';
import { ConnectionQuery, OrderListQuery, ProductInputDto, ProductListQuery, ProductPatchDto } from './dto/unified.dto';
import { UnifiedCommerceService } from './unified-commerce.service';

/** Live reads and writes against one connection's store, in the unified shape. */
@ApiTags('unified commerce')
@ApiBearerAuth()
@Controller('api/v1/unified/commerce')
export class UnifiedCommerceController {
  constructor(private readonly unified: UnifiedCommerceService) {}

  @Get('products')
  @ApiOperation({ summary: "List the store's products (reference 000)" })
  listProducts(@Query() q: ProductListQuery): Promise<{ products: UnifiedProduct[]; pageInfo: PageInfo }> {
    return this.unified.listProducts(q);
  }

  @Get('products/:id')
  async getProduct(@Query() q: ConnectionQuery, @Param('id') id: string): Promise<{ product: UnifiedProduct }> {
    return { product: await this.unified.getProduct(q, id) };
  }

  @Post('products')
  @HttpCode(201)
  @ApiOperation({ summary: "Create a product in the merchant's store" })
  async createProduct(@Query() q: ConnectionQuery, @Body() body: ProductInputDto): Promise<{ product: UnifiedProduct }> {
    return { product: await this.unified.createProduct(q, body) };
  }

  @Put('products/:id')
  @ApiOperation({ summary: 'Replace a product' })
  async replaceProduct(@Query() q: ConnectionQuery, @Param('id') id: string, @Body() body: ProductInputDto): Promise<{ product: UnifiedProduct }> {
    return { product: await this.unified.updateProduct(q, id, body) };
  }

  @Patch('products/:id')
  @ApiOperation({ summary: 'Change some fields of a product' })
  async patchProduct(@Query() q: ConnectionQuery, @Param('id') id: string, @Body() body: ProductPatchDto): Promise<{ product: UnifiedProduct }> {
    return { product: await this.unified.updateProduct(q, id, body) };
  }

  @Delete('products/:id')
  @HttpCode(204)
  async deleteProduct(@Query() q: ConnectionQuery, @Param('id') id: string): Promise<void> {
    await this.unified.deleteProduct(q, id);
  }

  @Get('orders')
  @ApiOperation({ summary: "List the store's orders (reference 001)" })
  listOrders(@Query() q: OrderListQuery): Promise<{ orders: UnifiedOrder[]; pageInfo: PageInfo }> {
    return this.unified.listOrders(q);
  }

  @Get('orders/:id')
  async getOrder(@Query() q: ConnectionQuery, @Param('id') id: string): Promise<{ order: UnifiedOrder }> {
    return { order: await this.unified.getOrder(q, id) };
  }
}
