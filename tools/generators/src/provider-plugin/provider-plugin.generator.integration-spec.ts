import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { providerPluginGenerator } from './provider-plugin.generator';

/**
 * Proves that what the generator writes compiles and passes the conformance
 * suite as generated: writes it inside the workspace (so the workspace's
 * packages resolve), type-checks it with tsc, and runs its conformance spec
 * in a child jest.
 */
describe('provider-plugin generator output', () => {
  const workspace = path.resolve(__dirname, '../../../..');
  const parent = `tools/generators/probe-tmp-${process.pid}`;
  const root = path.join(workspace, parent, 'probe-shop');

  beforeAll(async () => {
    const tree = createTreeWithEmptyWorkspace();
    await providerPluginGenerator(tree, { code: 'probe-shop', displayName: 'Probe Shop', directory: parent });
    for (const change of tree.listChanges()) {
      if (!change.path.startsWith(`${parent}/`) || change.type === 'DELETE' || !change.content) continue;
      const file = path.join(workspace, change.path);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, change.content);
    }
  });
  afterAll(() => rmSync(path.join(workspace, parent), { recursive: true, force: true }));

  it('type-checks', () => {
    expect(() =>
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], { cwd: workspace, stdio: 'pipe' }),
    ).not.toThrow();
  }, 120_000);

  it('passes its conformance spec against its sandbox', () => {
    // The workspace's jest settings (SWC transform, source conditions), limited to the generated spec.
    const base = require(path.join(workspace, 'jest.config.cjs')).projects[0];
    const config = { ...base, displayName: 'generated', testMatch: undefined, testRegex: [`${parent}/probe-shop/test/.*\\.integration-spec\\.ts$`] };
    const configFile = path.join(workspace, parent, 'jest.config.json');
    writeFileSync(configFile, JSON.stringify(config));
    const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', configFile, '--ci'], { cwd: workspace, encoding: 'utf8', env: process.env });
    const report = `${run.stderr}${run.stdout}`;
    if (run.status !== 0) throw new Error(`generated conformance spec failed:\n${report}`);
    expect(report).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(report).toContain('provider conformance');
  }, 120_000);

  it('ships a governor bench that bench:governor can run', async () => {
    const testing = (await import(path.join(root, 'src/testing'))) as typeof import('@storebridge/plugin-sdk/testing') & { governorBench: import('@storebridge/plugin-sdk/testing').GovernorBench };
    expect(testing.governorBench.name).toBe('Probe Shop');
    // A functional check of the bench (it runs and counts), not a performance target.
    const [result] = await testing.governorBench.run({ scale: 4 });
    expect(result).toMatchObject({ provider: 'Probe Shop', failed: 0 });
    expect(result.calls).toBeGreaterThanOrEqual(1000);
    expect(result.share).toBeGreaterThan(0);
    expect(result.share).toBeLessThanOrEqual(1.05);
  }, 120_000);
});
