import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiError, type ProviderPlugin } from '@storebridge/contracts';
import { Public } from '@storebridge/tenancy';
import { PLUGIN_REGISTRY, type PluginRegistryPort } from '../plugins/plugin-registry.port';
import { ConnectService } from './connect.service';
import { renderConnectPage, renderErrorPage } from './connect-page.html';
import { ConnectKeysBodyPipe } from './dto/connect-keys-body.pipe';
import { ConnectKeysBody, ConnectPageQuery, ConnectStartQuery } from './dto/connect.dto';
import { redirectBack } from './integrations.controller';

function sendHtml(res: Response, status: number, html: string): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    })
    .send(html);
}

/** The hosted connect page (no framework): lists the enabled providers and their inputs. */
@ApiExcludeController()
@Public()
@Controller('connect')
export class ConnectPageController {
  constructor(
    private readonly connect: ConnectService,
    @Inject(PLUGIN_REGISTRY) private readonly registry: PluginRegistryPort,
  ) {}

  private providersFor(stateProvider: string | null, asked?: string): ProviderPlugin[] {
    const only = stateProvider ?? asked;
    return this.registry.list().filter((p) => !only || p.code === only);
  }

  @Get()
  page(@Query() q: ConnectPageQuery, @Res() res: Response): void {
    try {
      const payload = this.connect.peekState(q.state);
      sendHtml(res, 200, renderConnectPage({ state: q.state ?? '', providers: this.providersFor(payload.provider, q.provider), store: payload.store ?? undefined }));
    } catch (e) {
      if (e instanceof ApiError) return sendHtml(res, e.status, renderErrorPage(e.message));
      throw e;
    }
  }

  @Get('start')
  async start(@Query() q: ConnectStartQuery, @Res() res: Response): Promise<void> {
    try {
      res.redirect(302, await this.connect.startFromPage(q.state, q.provider, q.store));
    } catch (e) {
      if (e instanceof ApiError) return this.again(res, e, q);
      throw e;
    }
  }

  // Readonly<…> is not a class to the global pipe: ConnectKeysBodyPipe gathers the form's key inputs, then validates.
  @Post('keys')
  async keys(@Body(ConnectKeysBodyPipe) body: Readonly<ConnectKeysBody>, @Res() res: Response): Promise<void> {
    // Settings come from the consumer's code (the page has no input for them): refused like a bad body, in JSON, not on the page.
    const settings = body.settings === undefined ? undefined : this.connect.checkSettings(body.provider, body.settings);
    try {
      redirectBack(res, await this.connect.submitKeys(body.state, body.provider, body.store, body.credentials ?? {}, settings));
    } catch (e) {
      if (e instanceof ApiError) return this.again(res, e, body);
      throw e;
    }
  }

  /** The page again with the problem on top, while the state is still good; an error page otherwise. */
  private again(res: Response, e: ApiError, q: ConnectStartQuery): void {
    if (e.code === 'invalid_state') return sendHtml(res, 400, renderErrorPage(e.message));
    let providers: ProviderPlugin[];
    try {
      providers = this.providersFor(this.connect.peekState(q.state).provider, q.provider);
    } catch {
      return sendHtml(res, e.status, renderErrorPage(e.message));
    }
    sendHtml(res, e.status, renderConnectPage({ state: q.state, providers, error: e.message, store: q.store }));
  }
}
