import { Module } from '@nestjs/common';

/** Central products, variants, options and media (reference 003). */
@Module({})
export class ProductsModule {}

export const PRODUCTS_ENTITIES: Array<new () => unknown> = [];
