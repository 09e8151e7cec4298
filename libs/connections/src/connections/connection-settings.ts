import { ApiError, CommerceErrorCode, isCommerceError, type ProviderPlugin } from '@storebridge/contracts';

/** A connection's per-connection options, as stored (`connections.settings`) and as plugins read them. */
export type ConnectionSettings = Record<string, unknown>;

/** Settings are a few options, not a document store. */
export const MAX_SETTINGS_BYTES = 4096;

export const invalidSettings = (message: string): ApiError => ApiError.unprocessable('invalid_settings', message);

/**
 * The settings `plugin` accepts for a connection, or a 422 `invalid_settings`
 * naming the field. The plugin judges them through `validateSettings`, else
 * `rateLimitFor` (either throws ValidationError); a plugin without per-connection
 * options takes only `{}`, so a mistyped key is refused rather than ignored.
 * Absent settings are `{}`.
 */
export function checkConnectionSettings(plugin: ProviderPlugin, settings: ConnectionSettings | null | undefined): ConnectionSettings {
  if (settings === undefined || settings === null) return {};
  if (typeof settings !== 'object' || Array.isArray(settings)) throw invalidSettings('settings must be an object');
  const bytes = Buffer.byteLength(JSON.stringify(settings));
  if (bytes > MAX_SETTINGS_BYTES) throw invalidSettings(`settings must be at most ${MAX_SETTINGS_BYTES} bytes of JSON (got ${bytes})`);
  if (!plugin.validateSettings && !plugin.rateLimitFor) {
    const keys = Object.keys(settings);
    if (keys.length) throw invalidSettings(`${plugin.displayName} takes no connection settings: ${keys.map((k) => `settings.${k.slice(0, 64)}`).join(', ')} unknown`);
    return {};
  }
  try {
    if (plugin.validateSettings) plugin.validateSettings(settings);
    else plugin.rateLimitFor?.(settings);
  } catch (e) {
    if (isCommerceError(e) && e.code === CommerceErrorCode.Validation) throw invalidSettings(e.message);
    throw e;
  }
  return settings;
}
