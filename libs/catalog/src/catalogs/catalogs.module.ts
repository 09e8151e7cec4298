import { Module } from '@nestjs/common';

/** Catalogs and bulk catalog sync (reference 004). */
@Module({})
export class CatalogsModule {}

export const CATALOGS_ENTITIES: Array<new () => unknown> = [];
