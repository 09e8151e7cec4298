import type { AppConfig, ProviderPlugin } from '@storebridge/contracts';

/**
 * The plugins the host loaded, by code. The host implements it (it may
 * import plugin packages; this lib may not) and provides it under
 * PLUGIN_REGISTRY.
 */
export interface PluginRegistryPort {
  get(code: string): ProviderPlugin | undefined;
  list(): ProviderPlugin[];
  /** The app-level settings of a plugin (OAuth client id/secret, webhook secret, sandbox URL). */
  app(code: string): AppConfig;
}

export const PLUGIN_REGISTRY = Symbol('STOREBRIDGE_PLUGIN_REGISTRY');
