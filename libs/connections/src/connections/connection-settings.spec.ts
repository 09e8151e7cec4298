import { ApiError, TransientError, ValidationError, type ProviderPlugin, type RateLimitPolicy } from '@storebridge/contracts';
import { fakePlugin } from '@storebridge/contracts/testing';
import { checkConnectionSettings, MAX_SETTINGS_BYTES } from './connection-settings';

const published: RateLimitPolicy = { kind: 'token-bucket', capacity: 2, refillPerSecond: 2.3 };

const plugin = (rateLimitFor?: ProviderPlugin['rateLimitFor']): ProviderPlugin => fakePlugin({ rateLimit: published, rateLimitFor });

/** Takes `hostLimit` (requests a minute), as WooCommerce takes `hostRateLimit`. */
const withLimits = plugin((settings) => {
  const perMinute = settings.hostLimit;
  if (perMinute === undefined) return published;
  if (typeof perMinute !== 'number' || perMinute < 1) throw new ValidationError('settings.hostLimit must be a positive number');
  return { kind: 'token-bucket', capacity: 1, refillPerSecond: (perMinute - 1) / 60 };
});

function refusal(fn: () => unknown): { status: number; code: string; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    const err = e as ApiError;
    return { status: err.status, code: err.code, message: err.message };
  }
  throw new Error('accepted');
}

describe('checkConnectionSettings', () => {
  it('keeps what the plugin accepts, and reads none as {}', () => {
    expect(checkConnectionSettings(withLimits, { hostLimit: 120 })).toEqual({ hostLimit: 120 });
    expect(checkConnectionSettings(withLimits, {})).toEqual({});
    expect(checkConnectionSettings(withLimits, undefined)).toEqual({});
    expect(checkConnectionSettings(withLimits, null)).toEqual({});
  });

  it("refuses what the plugin refuses as 422 invalid_settings, with the plugin's message naming the field", () => {
    expect(refusal(() => checkConnectionSettings(withLimits, { hostLimit: 'fast' }))).toEqual({
      status: 422,
      code: 'invalid_settings',
      message: 'settings.hostLimit must be a positive number',
    });
  });

  it('asks validateSettings, when the plugin has it, instead of rateLimitFor', () => {
    const strict = { ...withLimits, validateSettings: (settings: Record<string, unknown>) => {
      for (const k of Object.keys(settings)) if (k !== 'hostLimit') throw new ValidationError(`unknown settings: settings.${k}`);
    } };
    expect(checkConnectionSettings(strict, { hostLimit: 'fast' })).toEqual({ hostLimit: 'fast' });
    expect(refusal(() => checkConnectionSettings(strict, { hostLimt: 60 }))).toMatchObject({ status: 422, code: 'invalid_settings', message: 'unknown settings: settings.hostLimt' });
  });

  it('lets a plugin without per-connection options take only {}', () => {
    expect(checkConnectionSettings(plugin(), {})).toEqual({});
    expect(refusal(() => checkConnectionSettings(plugin(), { hostLimit: 120, weightUnit: 'kg' }))).toEqual({
      status: 422,
      code: 'invalid_settings',
      message: 'Acme takes no connection settings: settings.hostLimit, settings.weightUnit unknown',
    });
  });

  it('refuses settings that are not an object or too large', () => {
    expect(refusal(() => checkConnectionSettings(withLimits, [] as unknown as Record<string, unknown>)).code).toBe('invalid_settings');
    const big = { note: 'x'.repeat(MAX_SETTINGS_BYTES) };
    expect(refusal(() => checkConnectionSettings(withLimits, big)).message).toMatch(/at most 4096 bytes/);
  });

  it('lets an unexpected failure of the plugin through as what it is', () => {
    const broken = plugin(() => {
      throw new TransientError('boom');
    });
    expect(() => checkConnectionSettings(broken, { hostLimit: 1 })).toThrow(TransientError);
  });
});
