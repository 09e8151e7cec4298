import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, Req, Res, type RawBodyRequest } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Capabilities, ProviderPlugin } from '@storebridge/contracts';
import { Public } from '@storebridge/tenancy';
import { ConnectionsService, toConnectionView, type ConnectionView } from '../connections/connections.service';
import { PLUGIN_REGISTRY, type PluginRegistryPort } from '../plugins/plugin-registry.port';
import { ConnectService, provisioningOf, type ConnectResult } from './connect.service';
import { renderDone } from './connect-page.html';
import { AuthUrlDto, IntegrationSettingsDto, SecureConnectionDto, UpdateConnectionDto } from './dto/connect.dto';
import { KeyProvisioningService } from './key-provisioning.service';

export interface ProviderView {
  code: string;
  displayName: string;
  auth: {
    kind: string;
    scopes?: string[];
    storeField: { name: string; label: string };
    fields?: Array<{ name: string; label: string; secret: boolean }>;
    /** API keys the provider can also create itself on the merchant's approval. */
    provisioning?: boolean;
  };
  capabilities: Capabilities;
}

function authView(p: ProviderPlugin): ProviderView['auth'] {
  const storeField = { name: p.auth.storeField.name, label: p.auth.storeField.label };
  if (p.auth.kind === 'oauth2') return { kind: p.auth.kind, scopes: p.auth.scopes, storeField };
  return {
    kind: p.auth.kind,
    storeField,
    fields: p.auth.fields.map((f) => ({ name: f.name, label: f.label, secret: !!f.secret })),
    provisioning: provisioningOf(p) !== null,
  };
}

/** A provider's redirect query, string values only. */
function flatQuery(query: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string') flat[k] = v;
  return flat;
}

/** Sends the browser back to the consumer with the new connection (reference 002). */
export function redirectBack(res: Response, result: ConnectResult): void {
  if (!result.redirectUri) {
    res.status(200).type('html').send(renderDone(result));
    return;
  }
  const url = new URL(result.redirectUri);
  url.searchParams.set('connection_id', result.connectionId);
  url.searchParams.set('category', result.category);
  url.searchParams.set('provider', result.provider);
  res.redirect(302, url.toString());
}

@ApiTags('integrations')
@ApiBearerAuth()
@Controller('api/v1/integrations')
export class IntegrationsController {
  constructor(
    private readonly connect: ConnectService,
    private readonly connections: ConnectionsService,
    private readonly provisioning: KeyProvisioningService,
    @Inject(PLUGIN_REGISTRY) private readonly registry: PluginRegistryPort,
  ) {}

  @Get('providers')
  @ApiOperation({ summary: 'The provider plugins this server loaded' })
  providers(): { providers: ProviderView[] } {
    return {
      providers: this.registry.list().map((p) => ({ code: p.code, displayName: p.displayName, auth: authView(p), capabilities: p.capabilities })),
    };
  }

  @Post('auth-url')
  @HttpCode(200)
  @ApiOperation({ summary: 'A URL that starts connecting a store (the connect page, or a provider consent screen)' })
  async authUrl(@Body() body: AuthUrlDto): Promise<{ auth_url: string }> {
    return {
      auth_url: await this.connect.authUrl({ provider: body.provider, category: body.category, redirectUri: body.redirect_uri, store: body.store, settings: body.settings }),
    };
  }

  @Public()
  @Get('oauth/:provider/callback')
  @ApiOperation({ summary: "The provider's OAuth redirect target: stores the tokens and sends the user back with connection_id" })
  async oauthCallback(@Param('provider') provider: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    redirectBack(res, await this.connect.oauthCallback(provider, flatQuery(query)));
  }

  // The provider's payload is checked by its plugin (parseDelivery), from the raw bytes.
  @Public()
  @Post('provision/:provider/keys')
  @HttpCode(200)
  @ApiOperation({ summary: "Where a provider delivers the keys it created on the merchant's approval (server to server; only 200 counts as delivered)" })
  async provisionedKeys(@Param('provider') provider: string, @Req() req: RawBodyRequest<Request>): Promise<{ status: 'received' }> {
    await this.provisioning.receiveKeys(provider, req.rawBody ?? Buffer.alloc(0));
    return { status: 'received' };
  }

  @Public()
  @Get('provision/:provider/return')
  @ApiOperation({ summary: "The merchant's way back from the provider's key approval: checks the delivered keys, redirects with connection_id" })
  async provisionReturn(@Param('provider') provider: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    redirectBack(res, await this.provisioning.finishReturn(provider, flatQuery(query)));
  }

  @Post('callback')
  @HttpCode(201)
  @ApiOperation({ summary: 'Verify a connection against its provider and mark it ACTIVE' })
  async callback(@Body() body: SecureConnectionDto): Promise<{ status: 'success'; message: string }> {
    await this.connect.secure({ connectionId: body.connection_id, category: body.category, provider: body.provider });
    return { status: 'success', message: 'Integration secured' };
  }

  @Get('connections')
  @ApiOperation({ summary: "The org's connections (never their credentials)" })
  async list(): Promise<{ connections: ConnectionView[] }> {
    return { connections: await this.connections.list() };
  }

  @Get('connections/:id')
  @ApiOperation({ summary: 'One connection, by its UUID or conn_… id (never its credentials)' })
  async get(@Param('id') id: string): Promise<{ connection: ConnectionView }> {
    return { connection: toConnectionView(await this.connections.get(id)) };
  }

  @Patch('connections/:id')
  @ApiOperation({ summary: "Replace a connection's settings (e.g. WooCommerce's hostRateLimit); 422 invalid_settings when its provider refuses them" })
  async update(@Param('id') id: string, @Body() body: UpdateConnectionDto): Promise<{ connection: ConnectionView }> {
    return { connection: toConnectionView(await this.connections.updateSettings(id, body.settings)) };
  }

  @Delete('connections/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a connection: status REVOKED, credentials wiped' })
  async revoke(@Param('id') id: string): Promise<void> {
    await this.connections.revoke(id);
  }

  @Get('settings')
  async settings(): Promise<{ allowedRedirectUris: string[] }> {
    return { allowedRedirectUris: await this.connect.allowedRedirectUris() };
  }

  @Put('settings')
  @ApiOperation({ summary: 'Where the connect flow may redirect users back to' })
  async putSettings(@Body() body: IntegrationSettingsDto): Promise<{ allowedRedirectUris: string[] }> {
    return { allowedRedirectUris: await this.connect.setAllowedRedirectUris(body.allowedRedirectUris) };
  }
}
