import { Logger } from '@nestjs/common';
import { ValidationError, type ProviderPlugin, type RateLimitPolicy } from '@storebridge/contracts';
import { fakePlugin } from '@storebridge/contracts/testing';
import * as sdk from '@storebridge/plugin-sdk';
import { connectionRateLimit, SdkConnectionContextFactory } from './connection-context.factory';

jest.mock('@storebridge/plugin-sdk', () => {
  const actual = jest.requireActual('@storebridge/plugin-sdk');
  return { ...actual, createConnectionContext: jest.fn(actual.createConnectionContext) };
});

const published: RateLimitPolicy = { kind: 'token-bucket', capacity: 2, refillPerSecond: 2.3 };

/** A plugin whose `hostLimit` setting picks its policy, as WooCommerce's does. */
function plugin(rateLimitFor?: ProviderPlugin['rateLimitFor']): ProviderPlugin {
  return fakePlugin({ rateLimit: published, rateLimitFor });
}

const byHostLimit = plugin((settings) => {
  const perMinute = settings.hostLimit;
  if (perMinute === undefined) return published;
  if (typeof perMinute !== 'number' || perMinute < 1) throw new ValidationError('settings.hostLimit must be a positive number');
  return { kind: 'token-bucket', capacity: 1, refillPerSecond: (perMinute - 1) / 60 };
});

describe('connectionRateLimit', () => {
  it("uses the policy the plugin derives from the connection's settings", () => {
    const rejected = jest.fn();
    expect(connectionRateLimit(byHostLimit, { hostLimit: 61 }, rejected)).toEqual({ kind: 'token-bucket', capacity: 1, refillPerSecond: 1 });
    expect(connectionRateLimit(byHostLimit, {}, rejected)).toEqual(published);
    expect(rejected).not.toHaveBeenCalled();
  });

  it('keeps the published policy without settings, or for a plugin without per-connection limits', () => {
    const rejected = jest.fn();
    expect(connectionRateLimit(byHostLimit, undefined, rejected)).toBeUndefined();
    expect(connectionRateLimit(byHostLimit, null, rejected)).toBeUndefined();
    expect(connectionRateLimit(plugin(), { hostLimit: 61 }, rejected)).toBeUndefined();
    expect(rejected).not.toHaveBeenCalled();
  });

  it('keeps the published policy for settings the plugin refuses, and says why', () => {
    const rejected = jest.fn();
    expect(connectionRateLimit(byHostLimit, { hostLimit: -5 }, rejected)).toBeUndefined();
    expect(rejected).toHaveBeenCalledWith('settings.hostLimit must be a positive number');
  });
});

describe('SdkConnectionContextFactory', () => {
  const create = sdk.createConnectionContext as jest.MockedFunction<typeof sdk.createConnectionContext>;
  const args = (settings: Record<string, unknown>) => ({
    connectionId: 'conn-1',
    store: { identifier: 'https://shop.example', baseUrl: 'https://shop.example' },
    credentials: {},
    app: {},
    settings,
  });
  let warn: jest.SpyInstance;

  beforeEach(() => {
    create.mockClear();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it("binds the connection's HTTP client to the policy from its settings and hands the settings to the plugin", () => {
    const ctx = new SdkConnectionContextFactory(undefined).create(byHostLimit, args({ hostLimit: 121 }));
    expect(create).toHaveBeenCalledWith(byHostLimit, expect.objectContaining({ rateLimit: { kind: 'token-bucket', capacity: 1, refillPerSecond: 2 }, connectionKey: 'conn-1' }));
    expect(ctx.settings).toEqual({ hostLimit: 121 });
    expect(warn).not.toHaveBeenCalled();
  });

  it('falls back to the published policy for refused settings, warning once per connection and settings', () => {
    const factory = new SdkConnectionContextFactory(undefined);
    factory.create(byHostLimit, args({ hostLimit: 'fast' }));
    factory.create(byHostLimit, args({ hostLimit: 'fast' }));
    expect(create).toHaveBeenLastCalledWith(byHostLimit, expect.objectContaining({ rateLimit: undefined }));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('connection settings refused');
    expect(warn.mock.calls[0][0]).toContain('settings.hostLimit must be a positive number');
  });
});
