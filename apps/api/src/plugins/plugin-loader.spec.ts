import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderPlugin } from '@storebridge/contracts';
import { fakePlugin } from '@storebridge/contracts/testing';
import { discoverInstalled, loadPlugins, packageNameOf, PluginLoadError } from './plugin-loader';
import { appConfigFromEnv } from './plugin-registry';

const fake = (code: string): ProviderPlugin => fakePlugin({ code, displayName: code.toUpperCase() });

function requirer(mods: Record<string, unknown>) {
  return (name: string) => {
    if (!(name in mods)) throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
    return mods[name];
  };
}

describe('loadPlugins', () => {
  it('resolves codes, package names and paths, taking the default or a named ProviderPlugin export', () => {
    const req = requirer({ '@storebridge/plugin-acme': { default: fake('acme') }, 'storebridge-plugin-zed': { zedPlugin: fake('zed') }, './local': fake('local') });
    expect(loadPlugins('acme, storebridge-plugin-zed,./local', req).map((p) => p.code)).toEqual(['acme', 'zed', 'local']);
    expect(packageNameOf('acme')).toBe('@storebridge/plugin-acme');
  });

  it('loads every installed @storebridge/plugin-* (not the SDK) when nothing is configured', () => {
    const root = mkdtempSync(join(tmpdir(), 'sb-nm-'));
    for (const n of ['plugin-acme', 'plugin-sdk', 'contracts']) mkdirSync(join(root, '@storebridge', n), { recursive: true });
    expect(discoverInstalled([root, join(root, 'missing')])).toEqual(['@storebridge/plugin-acme']);
    expect(loadPlugins(undefined, requirer({ '@storebridge/plugin-acme': { default: fake('acme') } }), () => discoverInstalled([root])).map((p) => p.code)).toEqual(['acme']);
  });

  it('stops start-up with a clear message for a missing package, an invalid export or a duplicate code', () => {
    expect(() => loadPlugins('nosuch', requirer({}))).toThrow(new PluginLoadError(
      'Plugin "nosuch" (STOREBRIDGE_PLUGINS) does not resolve: no package "@storebridge/plugin-nosuch" is installed. Install it (npm install @storebridge/plugin-nosuch) or remove it from STOREBRIDGE_PLUGINS.',
    ));
    expect(() => loadPlugins('bad', requirer({ '@storebridge/plugin-bad': { default: { code: 'bad' } } }))).toThrow(/does not export a valid ProviderPlugin/);
    expect(() => loadPlugins('a,b', requirer({ '@storebridge/plugin-a': fake('same'), '@storebridge/plugin-b': fake('same') }))).toThrow(/both use the code "same"/);
  });
});

describe('appConfigFromEnv', () => {
  it('reads <CODE>_* variables and adds sandbox defaults outside production only', () => {
    const env = { ACME_CLIENT_ID: 'id', ACME_WEBHOOK_SECRET: 'w', OTHER_CLIENT_ID: 'x' };
    expect(appConfigFromEnv('acme', env, true)).toEqual({ clientId: 'id', webhookSecret: 'w' });
    expect(appConfigFromEnv('acme', env, false)).toEqual({ clientId: 'id', webhookSecret: 'w', clientSecret: 'sandbox-client-secret' });
    expect(appConfigFromEnv('big-co', { BIG_CO_SANDBOX_URL: 'http://127.0.0.1:1' }, true)).toEqual({ sandboxUrl: 'http://127.0.0.1:1' });
  });
});
