export * from './order.entity';
export * from './orders.service';
export * from './orders.module';
export * from './to-unified-order.mapper';
