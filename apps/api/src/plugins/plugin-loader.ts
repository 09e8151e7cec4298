import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { isProviderPlugin, type ProviderPlugin } from '@storebridge/contracts';

/** Start-up stops with this: the message names the plugin and what is wrong. */
export class PluginLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginLoadError';
  }
}

const SCOPE = '@storebridge';
const PREFIX = 'plugin-';
/** Packages under the plugin prefix that are not plugins themselves. */
const NOT_PLUGINS = new Set([`${SCOPE}/plugin-sdk`]);

/** "shopify" → "@storebridge/plugin-shopify"; package names (scoped, or `storebridge-plugin-*`) and paths stay as they are. */
export function packageNameOf(entry: string): string {
  if (entry.startsWith('@') || entry.startsWith('.') || isAbsolute(entry) || entry.includes('/') || entry.startsWith('storebridge-plugin-')) return entry;
  return `${SCOPE}/${PREFIX}${entry}`;
}

/** Every `@storebridge/plugin-*` package installed where this host resolves its modules. */
export function discoverInstalled(searchPaths: string[] = require.resolve.paths(SCOPE) ?? []): string[] {
  const found = new Set<string>();
  for (const dir of searchPaths) {
    const scopeDir = join(dir, SCOPE);
    if (!existsSync(scopeDir)) continue;
    for (const name of readdirSync(scopeDir)) {
      const pkg = `${SCOPE}/${name}`;
      if (name.startsWith(PREFIX) && !NOT_PLUGINS.has(pkg)) found.add(pkg);
    }
  }
  return [...found].sort();
}

/** The ProviderPlugin a package exports: the module itself, its default export, or else a named ProviderPlugin export. */
export function pluginFromModule(mod: unknown, name: string): ProviderPlugin {
  const m = mod as Record<string, unknown> | null;
  const candidates = m ? [m, m.default, (m.default as Record<string, unknown> | undefined)?.default, ...Object.values(m)] : [];
  const plugin = candidates.find(isProviderPlugin);
  if (!plugin) {
    throw new PluginLoadError(
      `Plugin package "${name}" does not export a valid ProviderPlugin (needs code, displayName, auth, capabilities, rateLimit, createProductPort, createOrderPort, verifyConnection)`,
    );
  }
  return plugin;
}

export type Requirer = (name: string) => unknown;

/** The plugin entries STOREBRIDGE_PLUGINS names (codes, package names or paths), or every installed `@storebridge/plugin-*` when it is unset. */
export function pluginEntries(spec: string | undefined, discover: () => string[] = discoverInstalled): string[] {
  return spec?.trim() ? spec.split(',').map((s) => s.trim()).filter(Boolean) : discover();
}

/**
 * Loads the plugins named in STOREBRIDGE_PLUGINS (comma-separated codes,
 * package names or paths), or every installed `@storebridge/plugin-*` when
 * it is unset. By package name at runtime, so a plugin installed from npm
 * loads exactly like ours.
 */
export function loadPlugins(spec: string | undefined, requirer: Requirer = require, discover: () => string[] = discoverInstalled): ProviderPlugin[] {
  const entries = pluginEntries(spec, discover);
  const plugins: ProviderPlugin[] = [];
  const byCode = new Map<string, string>();
  for (const entry of entries) {
    const name = packageNameOf(entry);
    let mod: unknown;
    try {
      mod = requirer(name);
    } catch (e) {
      const notFound = (e as { code?: string }).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes(name);
      throw new PluginLoadError(
        notFound
          ? `Plugin "${entry}" (STOREBRIDGE_PLUGINS) does not resolve: no package "${name}" is installed. Install it (npm install ${name}) or remove it from STOREBRIDGE_PLUGINS.`
          : `Plugin package "${name}" failed to load: ${(e as Error).message}`,
      );
    }
    const plugin = pluginFromModule(mod, name);
    const other = byCode.get(plugin.code);
    if (other) throw new PluginLoadError(`Plugins "${other}" and "${name}" both use the code "${plugin.code}"`);
    byCode.set(plugin.code, name);
    plugins.push(plugin);
  }
  return plugins;
}
