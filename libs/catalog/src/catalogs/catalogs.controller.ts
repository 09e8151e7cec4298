import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CatalogItemView, CatalogView } from './catalog.presenter';
import { CatalogsService, type ItemPage } from './catalogs.service';
import { CreateCatalogDto } from './dto/create-catalog.dto';
import { ListItemsQueryDto } from './dto/list-items.query.dto';
import { UpdateCatalogDto } from './dto/update-catalog.dto';

@ApiTags('catalogs')
@ApiBearerAuth()
@Controller('api/v1/catalogs')
export class CatalogsController {
  constructor(private readonly catalogs: CatalogsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a catalog with its declared item attributes' })
  create(@Body() dto: CreateCatalogDto): Promise<CatalogView> {
    return this.catalogs.create(dto);
  }

  @Get()
  @ApiOperation({ summary: "The org's catalogs" })
  list(): Promise<{ catalogs: CatalogView[] }> {
    return this.catalogs.list();
  }

  @Get(':catalogId')
  @ApiOperation({ summary: 'One catalog' })
  get(@Param('catalogId') catalogId: string): Promise<CatalogView> {
    return this.catalogs.view(catalogId);
  }

  @Patch(':catalogId')
  @ApiOperation({ summary: 'Rename, describe, or declare more attributes' })
  update(@Param('catalogId') catalogId: string, @Body() dto: UpdateCatalogDto): Promise<CatalogView> {
    return this.catalogs.update(catalogId, dto);
  }

  @Delete(':catalogId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a catalog and its items' })
  async remove(@Param('catalogId') catalogId: string): Promise<void> {
    await this.catalogs.remove(catalogId);
  }

  @Get(':catalogId/items')
  @ApiOperation({ summary: 'Items in SKU order, cursor-paginated, filtered by ?filter=attr:op:value or ?filters=<json>' })
  items(@Param('catalogId') catalogId: string, @Query() query: ListItemsQueryDto): Promise<ItemPage> {
    return this.catalogs.listItems(catalogId, query);
  }

  @Get(':catalogId/items/:sku')
  @ApiOperation({ summary: 'One item by SKU' })
  item(@Param('catalogId') catalogId: string, @Param('sku') sku: string): Promise<CatalogItemView> {
    return this.catalogs.getItem(catalogId, sku);
  }
}
