import type { AppConfig, ConnectionContext, Credentials, HttpClient, ProviderPlugin, StoreRef, Weight } from '@storebridge/contracts';

export interface ConnectionContextArgs {
  connectionId: string;
  store: StoreRef;
  credentials: Credentials;
  app: AppConfig;
  /** A caller is waiting (API request): retry briefly and hand long Retry-After waits back as errors. */
  interactive?: boolean;
  /** The connection's settings (ConnectionEntity.settings): handed to the plugin, and its rate limit comes from them (ProviderPlugin.rateLimitFor). */
  settings?: Record<string, unknown>;
}

/**
 * Builds what a plugin runs with: the host implements it with the plugin SDK
 * (HTTP client, shared rate-limit governor, logger) and provides it under
 * CONNECTION_CONTEXT_FACTORY.
 */
export interface ConnectionContextFactory {
  create(plugin: ProviderPlugin, args: ConnectionContextArgs): ConnectionContext;
  /** An unauthenticated client for the store, for the OAuth code exchange before a connection exists. */
  http(plugin: ProviderPlugin, store: StoreRef): HttpClient;
  /** One weight in every unit (kg, g, oz, lb), as the unified model answers it (the SDK's conversion). */
  expandWeight(weight: Weight | null | undefined): Weight[];
}

export const CONNECTION_CONTEXT_FACTORY = Symbol('STOREBRIDGE_CONNECTION_CONTEXT_FACTORY');
