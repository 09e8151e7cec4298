import { Module } from '@nestjs/common';
import { OrderEntity } from './order.entity';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

/** Unified orders stored from imports, and their REST API. */
@Module({ controllers: [OrdersController], providers: [OrdersService], exports: [OrdersService] })
export class OrdersModule {}

export const ORDERS_ENTITIES = [OrderEntity];
