// Lint for the whole workspace. The module-boundary matrix below is the
// dependency rule of ARCHITECTURE.md: a wrong import fails lint, not review.
import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/.nx', '**/.storebridge', 'coverage', 'tmp', '**/files/**/*__tmpl__*'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: false,
          allow: ['@storebridge/api'],
          depConstraints: [
            // contracts and catalog-filter depend on nothing of ours.
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: ['type:core'] },
            { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:core', 'type:sdk'] },
            { sourceTag: 'type:persistence', onlyDependOnLibsWithTags: ['type:core'] },
            { sourceTag: 'type:tenancy', onlyDependOnLibsWithTags: ['type:core', 'type:persistence'] },
            { sourceTag: 'type:module', onlyDependOnLibsWithTags: ['type:core', 'type:persistence', 'type:tenancy'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:core', 'type:sdk', 'type:persistence', 'type:tenancy', 'type:module', 'type:plugin'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
            { sourceTag: 'type:tools', onlyDependOnLibsWithTags: ['*'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:plugin', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server', 'scope:plugin'] },
            { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts', '**/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
];
