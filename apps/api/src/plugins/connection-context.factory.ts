import { Logger } from '@nestjs/common';
import type { ConnectionContext, HttpClient, PluginLogger, ProviderPlugin, RateLimitPolicy, StoreRef, Weight } from '@storebridge/contracts';
import type { ConnectionContextArgs, ConnectionContextFactory } from '@storebridge/connections';
import { createConnectionContext, createConnectionHttpClient, expandWeight, type RetryOptions } from '@storebridge/plugin-sdk';
import type { Redis } from 'ioredis';

/** Meta keys that could carry secrets never reach a log line. */
const SECRET_KEY = /token|secret|password|authorization|cookie|credential|api[-_]?key|hmac|code/i;

export function sanitizeMeta(meta: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!meta) return meta;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : v;
  return out;
}

export function pluginLogger(code: string): PluginLogger {
  const logger = new Logger(`plugin:${code}`);
  const line = (msg: string, meta?: Record<string, unknown>) => {
    const clean = sanitizeMeta(meta);
    return clean && Object.keys(clean).length ? `${msg} ${JSON.stringify(clean)}` : msg;
  };
  return {
    debug: (m, meta) => logger.debug(line(m, meta)),
    info: (m, meta) => logger.log(line(m, meta)),
    warn: (m, meta) => logger.warn(line(m, meta)),
    error: (m, meta) => logger.error(line(m, meta)),
  };
}

/**
 * A caller waits on a live API call: retry briefly, and hand a long
 * Retry-After back to the caller (429) instead of sleeping on it.
 */
const INTERACTIVE_RETRY: Partial<RetryOptions> = { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 500, maxRetryAfterMs: 1_000 };

/**
 * The rate-limit policy a connection's settings ask for (ProviderPlugin.rateLimitFor),
 * or undefined for the plugin's published one. Settings are checked when
 * they are stored, but a plugin upgrade may refuse what an older one took:
 * such a connection stays on the published policy and `onRejected` says why.
 */
export function connectionRateLimit(
  plugin: ProviderPlugin,
  settings: Record<string, unknown> | null | undefined,
  onRejected: (reason: string) => void,
): RateLimitPolicy | undefined {
  if (!settings || !plugin.rateLimitFor) return undefined;
  try {
    return plugin.rateLimitFor(settings);
  } catch (e) {
    onRejected(e instanceof Error ? e.message : String(e));
    return undefined;
  }
}

/** Distinct rejected settings remembered so each warns once, not on every call. */
const MAX_WARNED = 1000;

/** The connections lib's CONNECTION_CONTEXT_FACTORY, built on the plugin SDK; the governor's budget lives in Redis. */
export class SdkConnectionContextFactory implements ConnectionContextFactory {
  private readonly warned = new Set<string>();

  constructor(private readonly redis: Redis | undefined) {}

  create(plugin: ProviderPlugin, args: ConnectionContextArgs): ConnectionContext {
    const logger = pluginLogger(plugin.code);
    const { settings } = args;
    const rateLimit = connectionRateLimit(plugin, settings, (reason) => {
      const key = `${args.connectionId}:${JSON.stringify(settings)}`;
      if (this.warned.has(key)) return;
      if (this.warned.size >= MAX_WARNED) this.warned.clear();
      this.warned.add(key);
      logger.warn('connection settings refused: the connection keeps the published rate limit', { connectionId: args.connectionId, reason });
    });
    return createConnectionContext(plugin, {
      connectionId: args.connectionId,
      connectionKey: args.connectionId,
      store: args.store,
      credentials: args.credentials,
      app: args.app,
      settings,
      rateLimit,
      redis: this.redis,
      retry: args.interactive ? INTERACTIVE_RETRY : undefined,
      logger,
    });
  }

  http(plugin: ProviderPlugin, store: StoreRef): HttpClient {
    return createConnectionHttpClient(plugin, {
      store,
      credentials: {},
      connectionKey: `oauth:${store.identifier}`,
      redis: this.redis,
      retry: INTERACTIVE_RETRY,
      logger: pluginLogger(plugin.code),
    });
  }

  expandWeight(weight: Weight | null | undefined): Weight[] {
    return expandWeight(weight);
  }
}
