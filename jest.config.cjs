// One jest run, three tiers (STYLE.md §9): unit specs beside the code,
// integration specs against real Postgres/Redis/sandboxes, and the REST e2e.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const common = {
  transform: { '^.+\\.ts$': swc },
  testEnvironment: 'node',
  // Resolve workspace packages to their TypeScript sources, not their dist.
  testEnvironmentOptions: { customExportConditions: ['@storebridge/source', 'node', 'require', 'default'] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/', '<rootDir>/dist/', '<rootDir>/tmp/'],
  rootDir: __dirname,
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,plugins,tools}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,plugins,tools}/**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/tools/testing/global-setup.cjs',
      globalTeardown: '<rootDir>/tools/testing/global-teardown.cjs',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/api-e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/tools/testing/global-setup.cjs',
      globalTeardown: '<rootDir>/tools/testing/global-teardown.cjs',
    },
  ],
};
