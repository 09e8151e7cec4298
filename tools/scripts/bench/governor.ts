/**
 * `npm run bench:governor`: the governor bench of every installed provider
 * plugin, found the way the host finds plugins (STOREBRIDGE_PLUGINS, else
 * every installed `@storebridge/plugin-*`): the `governorBench` its
 * `/testing` entry exports (plugin-sdk/testing governor-bench.ts). Each drives
 * its plugin against its sandbox under the provider's published limit, paced
 * by the SDK governor; they run one after another and print one table: the
 * share of the limit used and the throttled responses (target: ≥ 90 %, none).
 *
 * Env: STOREBRIDGE_PLUGINS=woocommerce,bigcommerce to pick plugins; SCALE and
 * CONCURRENCY override every bench's own defaults.
 */
import { loadavg } from 'node:os';
import { packageNameOf, pluginEntries } from '@storebridge/api';
import type { GovernorBench, GovernorBenchOptions, GovernorBenchResult } from '@storebridge/plugin-sdk/testing';

const TARGET_SHARE = 0.9;

function isGovernorBench(value: unknown): value is GovernorBench {
  const b = value as Partial<GovernorBench> | null;
  return typeof b === 'object' && b !== null && typeof b.name === 'string' && typeof b.run === 'function';
}

/** The plugin's bench, or why it has none. */
function benchOf(pkg: string): GovernorBench | string {
  let mod: Record<string, unknown>;
  try {
    mod = require(`${pkg}/testing`) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return 'no /testing entry';
    throw e;
  }
  return isGovernorBench(mod.governorBench) ? mod.governorBench : 'its /testing entry exports no governorBench';
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const packages = pluginEntries(process.env.STOREBRIDGE_PLUGINS).map(packageNameOf);
  const options: GovernorBenchOptions = {
    scale: process.env.SCALE ? Number(process.env.SCALE) : undefined,
    concurrency: process.env.CONCURRENCY ? Number(process.env.CONCURRENCY) : undefined,
  };
  console.log(`load average before: ${load()}`);
  const results: GovernorBenchResult[] = [];
  for (const pkg of packages) {
    const bench = benchOf(pkg);
    if (typeof bench === 'string') {
      console.log(`${pkg}: skipped (${bench})`);
      continue;
    }
    console.log(`${bench.name} (${pkg}) …`);
    results.push(...(await bench.run(options)));
  }
  console.log(`load average after:  ${load()}\n`);
  if (!results.length) throw new Error('no installed plugin ships a governor bench');

  const header = ['provider', 'published limit', 'share used', 'throttled', 'calls', 'failed', 'seconds', 'target'];
  const rows = results.map((r) => [
    r.provider,
    r.publishedLimit,
    pct(r.share),
    String(r.throttled),
    String(r.calls),
    String(r.failed),
    r.seconds.toFixed(1),
    r.share >= TARGET_SHARE && r.throttled === 0 && r.failed === 0 ? 'met' : 'MISSED',
  ]);
  console.log(table([header, ...rows]));
  console.log(`\ntarget: ≥ ${pct(TARGET_SHARE)} of the limit, 0 throttled, 0 failed\n`);
  for (const r of results) console.log([`${r.provider}: share = ${r.shareBasis}`, ...r.details.map((d) => `  ${d}`)].join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
