import { Logger } from '@nestjs/common';
import type { AppConfig, ProviderPlugin } from '@storebridge/contracts';
import type { PluginRegistryPort } from '@storebridge/connections';

/** What the plugin-sdk sandboxes accept as app credentials by default (non-production only). */
export const DEV_CLIENT_ID = 'sandbox-client-id';
export const DEV_CLIENT_SECRET = 'sandbox-client-secret';

/** `<CODE>_CLIENT_ID` → clientId, `<CODE>_WEBHOOK_SECRET` → webhookSecret, `<CODE>_SANDBOX_URL` → sandboxUrl. */
export function appConfigFromEnv(code: string, env: Record<string, string | undefined>, production: boolean): AppConfig {
  const prefix = `${code.toUpperCase().replace(/-/g, '_')}_`;
  const app: AppConfig = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(prefix) || value === undefined || value === '') continue;
    const camel = key
      .slice(prefix.length)
      .toLowerCase()
      .replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    app[camel] = value;
  }
  if (!production) {
    // The provider sandboxes accept these; real stores need real app credentials.
    app.clientId ??= DEV_CLIENT_ID;
    app.clientSecret ??= DEV_CLIENT_SECRET;
  }
  return app;
}

/** The host's loaded plugins, by code, with their app settings. */
export class PluginRegistry implements PluginRegistryPort {
  private readonly byCode = new Map<string, ProviderPlugin>();
  private readonly apps = new Map<string, AppConfig>();

  constructor(plugins: ProviderPlugin[], env: Record<string, string | undefined>, production: boolean) {
    for (const p of plugins) {
      this.byCode.set(p.code, p);
      const app = appConfigFromEnv(p.code, env, production);
      this.apps.set(p.code, app);
      if (production && p.auth.kind === 'oauth2' && (!app.clientId || !app.clientSecret)) {
        new Logger('PluginRegistry').warn(`${p.displayName}: set ${p.code.toUpperCase()}_CLIENT_ID and ${p.code.toUpperCase()}_CLIENT_SECRET to connect stores`);
      }
    }
  }

  get(code: string): ProviderPlugin | undefined {
    return this.byCode.get(code);
  }

  list(): ProviderPlugin[] {
    return [...this.byCode.values()];
  }

  app(code: string): AppConfig {
    return { ...(this.apps.get(code) ?? {}) };
  }
}
