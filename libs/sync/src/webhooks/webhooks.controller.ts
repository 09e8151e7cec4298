import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@storebridge/tenancy';
import { WebhookIntakeService } from './webhook-intake.service';

/** Provider webhooks. Not under /api: the connection in the path identifies the tenant, the plugin's signature check the sender. */
@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly intake: WebhookIntakeService) {}

  @Public()
  @Post(':provider/:connectionId')
  @HttpCode(200)
  @ApiOperation({ summary: 'A provider webhook: verified, de-duplicated by event id, then applied by a job' })
  async receive(
    @Param('provider') provider: string,
    @Param('connectionId') connectionId: string,
    @Req() req: Request & { rawBody?: Buffer },
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: string }> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const receipt = await this.intake.receive(provider, connectionId, req.rawBody, headers);
    if (receipt.status === 'accepted') res.status(202);
    return receipt;
  }
}
