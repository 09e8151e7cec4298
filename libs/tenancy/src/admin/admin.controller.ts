import { Body, Controller, Delete, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenancyService } from '../tenancy.service';
import { AdminGuard } from './admin.guard';
import { CreateOrgDto, CreateTenantDto, CreateTokenDto } from './admin.dto';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tenants')
export class AdminController {
  constructor(private readonly tenancy: TenancyService) {}

  @Post()
  @ApiOperation({ summary: 'Create a tenant with one org and one API token (shown once)' })
  async createTenant(@Body() body: CreateTenantDto): Promise<{ tenantId: string; orgId: string; token: string }> {
    const { tenantId, orgId, token } = await this.tenancy.createTenant(body.name);
    return { tenantId, orgId, token };
  }

  @Post(':tenantId/orgs')
  @ApiOperation({ summary: 'Add an org to a tenant' })
  createOrg(@Param('tenantId', uuid) tenantId: string, @Body() body: CreateOrgDto) {
    return this.tenancy.createOrg(tenantId, body.name);
  }

  @Post(':tenantId/orgs/:orgId/tokens')
  @ApiOperation({ summary: 'Issue an API token for an org (shown once)' })
  createToken(
    @Param('tenantId', uuid) tenantId: string,
    @Param('orgId', uuid) orgId: string,
    @Body() body: CreateTokenDto,
  ) {
    return this.tenancy.createToken(tenantId, orgId, body.label ?? '');
  }

  @Delete(':tenantId/orgs/:orgId/tokens/:tokenId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke an API token',
    description: 'Refused at once by this process; other API processes stop accepting it within 5 s (their verified-token cache).',
  })
  async revokeToken(
    @Param('tenantId', uuid) tenantId: string,
    @Param('orgId', uuid) orgId: string,
    @Param('tokenId', uuid) tokenId: string,
  ): Promise<void> {
    await this.tenancy.revokeToken(tenantId, orgId, tokenId);
  }
}
