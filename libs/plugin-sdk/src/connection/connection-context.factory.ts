import type {
  AppConfig,
  ConnectionContext,
  Credentials,
  HttpClient,
  PluginLogger,
  ProviderPlugin,
  RateLimitPolicy,
  StoreRef,
} from '@storebridge/contracts';
import type { Redis } from 'ioredis';
import { createHttpClient, type RetryOptions } from '../http/http.client';
import { createMemoryGovernor } from '../rate-limit/memory.governor';
import { createRedisGovernor } from '../rate-limit/redis.governor';
import type { RateLimitGovernor } from '../rate-limit/rate-limit.governor';

export const silentLogger: PluginLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export interface ConnectionHttpOptions {
  store: StoreRef;
  credentials: Credentials;
  /** Identifies the connection's rate-limit budget (e.g. the connection id, or `oauth:<shop>` before one exists). */
  connectionKey: string;
  /** Share the budget across processes; in memory (per process) without it. */
  redis?: Redis;
  /** Overrides the plugin's published policy (a plan with higher limits, a sandbox). */
  rateLimit?: RateLimitPolicy;
  retry?: Partial<RetryOptions>;
  timeoutMs?: number;
  headroom?: number;
  logger?: PluginLogger;
}

/**
 * One governor per connection and process (and Redis client), so every port
 * and job of a connection shares its budget: in memory the whole of it; with
 * Redis, what the process holds of it (a lease of units, the window's shape
 * the provider reported).
 */
const memoryGovernors = new Map<string, RateLimitGovernor>();
const redisGovernors = new WeakMap<Redis, Map<string, RateLimitGovernor>>();

/** The governors of this process: in memory, or those sharing budgets through `redis`. */
function governorsOf(redis: Redis | undefined): Map<string, RateLimitGovernor> {
  if (!redis) return memoryGovernors;
  let governors = redisGovernors.get(redis);
  if (!governors) {
    governors = new Map();
    redisGovernors.set(redis, governors);
  }
  return governors;
}

function governorFor(plugin: ProviderPlugin, opts: ConnectionHttpOptions): RateLimitGovernor {
  const policy = opts.rateLimit ?? plugin.rateLimit;
  const key = `${plugin.code}:${opts.connectionKey}`;
  const memoKey = `${key}:${JSON.stringify(policy)}:${opts.headroom ?? ''}`;
  const { redis } = opts;
  const governors = governorsOf(redis);
  let g = governors.get(memoKey);
  if (!g) {
    g = redis ? createRedisGovernor(redis, key, policy, { headroom: opts.headroom }) : createMemoryGovernor(policy, { headroom: opts.headroom });
    governors.set(memoKey, g);
  }
  return g;
}

/**
 * The HTTP client the host puts into a plugin's ConnectionContext: bound to
 * the store's base URL, authenticated by the plugin's `buildHeaders`, paced
 * by the plugin's rate-limit policy, and translating errors with the
 * plugin's hooks.
 */
export function createConnectionHttpClient(plugin: ProviderPlugin, opts: ConnectionHttpOptions): HttpClient {
  const { translateError, readRateLimit } = plugin;
  return createHttpClient({
    baseUrl: opts.store.baseUrl,
    defaultHeaders: plugin.buildHeaders?.(opts.credentials) ?? {},
    governor: governorFor(plugin, opts),
    retry: opts.retry,
    timeoutMs: opts.timeoutMs,
    errorTranslator: translateError ? (res, req) => translateError.call(plugin, res, req) : undefined,
    rateLimitFeedback: readRateLimit ? (res, req) => readRateLimit.call(plugin, res, req) : undefined,
    logger: opts.logger,
  });
}

export interface ConnectionContextOptions extends ConnectionHttpOptions {
  connectionId: string;
  app?: AppConfig;
  settings?: Record<string, unknown>;
}

/** A whole ConnectionContext, for the host and for tests. */
export function createConnectionContext(plugin: ProviderPlugin, opts: ConnectionContextOptions): ConnectionContext {
  return {
    connectionId: opts.connectionId,
    store: opts.store,
    credentials: opts.credentials,
    app: opts.app ?? {},
    http: createConnectionHttpClient(plugin, opts),
    logger: opts.logger ?? silentLogger,
    settings: opts.settings,
  };
}
