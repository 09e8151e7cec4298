import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError } from '@storebridge/contracts';
import { TenantScopedRepositories } from '@storebridge/tenancy';
import { SyncSettingsEntity } from '../entities/sync-settings.entity';
import { ImportRequestDto, ListSyncJobsQuery, PushProductDto, SyncSettingsDto } from './sync.dto';
import { SyncJobsService, type JobStatusView, type QueuedResponse } from './sync-jobs.service';

function idempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const key = raw.trim();
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw ApiError.badRequest('invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  return key;
}

@ApiTags('sync')
@ApiBearerAuth()
@Controller()
export class SyncController {
  constructor(
    private readonly jobs: SyncJobsService,
    private readonly repos: TenantScopedRepositories,
  ) {}

  @Post('unified/sync/push/product')
  @HttpCode(202)
  @ApiOperation({ summary: 'Push a product to every ACTIVE connection of the org (reference 002)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  push(@Body() body: PushProductDto, @Headers('idempotency-key') key?: string): Promise<QueuedResponse> {
    return this.jobs.requestPush({ productId: body.productId, action: body.action }, idempotencyKey(key));
  }

  @Get('unified/sync/jobs/:jobId')
  @ApiOperation({ summary: 'A push or import: overall status and one row per connection' })
  status(@Param('jobId') jobId: string): Promise<JobStatusView> {
    return this.jobs.status(jobId);
  }

  @Get('unified/sync/jobs')
  @ApiOperation({ summary: 'Recent push and import jobs of the org' })
  async list(@Query() query: ListSyncJobsQuery): Promise<{ jobs: JobStatusView[] }> {
    return { jobs: await this.jobs.list(query) };
  }

  @Post('api/v1/integrations/connections/:id/sync')
  @HttpCode(202)
  @ApiOperation({ summary: "Import a connection's products and/or orders into storebridge" })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  importNow(@Param('id') id: string, @Body() body: ImportRequestDto, @Headers('idempotency-key') key?: string): Promise<QueuedResponse> {
    return this.jobs.requestImport(id, { objects: body.objects, mode: body.mode ?? 'incremental' }, idempotencyKey(key));
  }

  @Get('api/v1/sync/settings')
  @ApiOperation({ summary: "The org's sync settings" })
  async getSettings(): Promise<{ autoPush: boolean }> {
    const row = await this.repos.for(SyncSettingsEntity).findOneBy({});
    return { autoPush: row?.autoPush ?? false };
  }

  @Put('api/v1/sync/settings')
  @ApiOperation({ summary: 'Turn auto-push of catalog changes on or off' })
  async putSettings(@Body() body: SyncSettingsDto): Promise<{ autoPush: boolean }> {
    const repo = this.repos.for(SyncSettingsEntity);
    const row = (await repo.findOneBy({})) ?? repo.create({});
    row.autoPush = body.autoPush;
    await repo.save(row);
    return { autoPush: row.autoPush };
  }
}
