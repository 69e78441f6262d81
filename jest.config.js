/** Jest: swc for speed; workspace packages resolve to their sources. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@kalcifer/(journey|contracts|platform|sandbox|templates|caps|sdk)$': '<rootDir>/packages/$1/src',
};
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testMatch: [
        '<rootDir>/packages/*/src/**/*.test.ts',
        '<rootDir>/services/*/src/**/*.test.ts',
        // The Helm chart: helm lint/template and the rendered manifests (helm from scripts/infra.sh).
        '<rootDir>/charts/*/test/**/*.test.ts',
        // Dockerfiles and docker-compose.yml (hadolint from scripts/infra.sh).
        '<rootDir>/test/deploy/**/*.unit.test.ts',
        // The load scenarios, and the k6 scripts type-checked against @types/k6.
        '<rootDir>/load-tests/test/**/*.test.ts',
      ],
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      testMatch: [
        '<rootDir>/services/*/test/**/*.int.test.ts',
        '<rootDir>/packages/*/test/**/*.int.test.ts',
        '<rootDir>/test/**/*.int.test.ts',
      ],
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper,
      testEnvironment: 'node',
    },
  ],
};
