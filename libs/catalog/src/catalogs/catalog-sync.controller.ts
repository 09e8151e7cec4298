import { Body, Controller, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogSyncService, type SyncResult } from './catalog-sync.service';
import { SyncCatalogDto, SyncQueryDto } from './dto/sync-catalog.dto';
import { SyncBodyPipe } from './sync-body.pipe';

/** The body as SyncBodyPipe answers it; an interface, so the global ValidationPipe skips it (see SyncBodyPipe). */
type ValidatedSyncBody = Pick<SyncCatalogDto, 'actions' | 'version'>;

export const SYNC_PATHS = ['v1/catalogs/:catalogId/sync', 'api/v1/catalogs/:catalogId/sync'];

@ApiTags('catalogs')
@ApiBearerAuth()
@Controller()
export class CatalogSyncController {
  constructor(private readonly sync: CatalogSyncService) {}

  /** Reference 004's path, and the same under /api for clients of the rest of the API. */
  @Put(SYNC_PATHS)
  @HttpCode(200)
  @ApiBody({ type: SyncCatalogDto })
  @ApiOperation({
    summary: 'Apply 1..1000 ADD/PATCH/PATCH_MANY/REMOVE/REMOVE_MANY actions in order, all or nothing',
    description: 'A failing action rolls back the request; the error names its index. `version` guards against concurrent changes.',
  })
  run(@Param('catalogId') catalogId: string, @Body(SyncBodyPipe) dto: ValidatedSyncBody, @Query() query: SyncQueryDto): Promise<SyncResult> {
    return this.sync.sync(catalogId, dto, query.dryRun === true);
  }
}
