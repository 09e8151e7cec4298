import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError, type PageInfo, type UnifiedOrder } from '@storebridge/contracts';
import { formatFilterError, parseFilterQuery } from '@storebridge/catalog-filter';
import { ListOrdersQuery } from './list-orders.query';
import { OrdersService } from './orders.service';

/** The unified orders imported from every connected store (reference 001). */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('api/v1/orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  @ApiOperation({ summary: 'List imported orders with filters and cursor pagination' })
  list(@Query() q: ListOrdersQuery): Promise<{ orders: UnifiedOrder[]; pageInfo: PageInfo }> {
    const parsed = parseFilterQuery(q.filter, q.filters);
    if (!parsed.ok) throw ApiError.badRequest('invalid_filter', parsed.errors.map(formatFilterError).join('; '), parsed.errors);
    return this.orders.list({ ...q, filters: parsed.filters, filter: undefined } as Parameters<OrdersService['list']>[0]);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One imported order' })
  async get(@Param('id') id: string): Promise<{ order: UnifiedOrder }> {
    return { order: await this.orders.get(id) };
  }
}
