import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenantContext } from '../context/tenant-context';
import { TenancyService } from '../tenancy.service';

@ApiTags('tenancy')
@ApiBearerAuth()
@Controller('api/v1')
export class TenancyController {
  constructor(
    private readonly context: TenantContext,
    private readonly tenancy: TenancyService,
  ) {}

  @Get('me')
  @ApiOperation({ summary: "The caller's tenant, org and token id" })
  me(): { tenantId: string; orgId: string; tokenId: string | null } {
    const { tenantId, orgId, tokenId } = this.context.scope;
    return { tenantId, orgId, tokenId: tokenId ?? null };
  }

  @Get('tokens')
  @ApiOperation({ summary: "The org's API tokens (never their secrets)" })
  async tokens(): Promise<{ tokens: Awaited<ReturnType<TenancyService['listTokens']>> }> {
    const { tenantId, orgId } = this.context.scope;
    return { tokens: await this.tenancy.listTokens(tenantId, orgId) };
  }
}
