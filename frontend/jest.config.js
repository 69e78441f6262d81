/**
 * The console's tests, run by the repository's jest (its swc set-up, and test/support for the
 * stack): unit tests of the pure parts (src/**\/*.spec.ts) and the browser tests (e2e/).
 */
const path = require('node:path');
const rootDir = path.resolve(__dirname, '..');
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
module.exports = {
  projects: [
    {
      displayName: 'console-unit',
      rootDir,
      testMatch: ['<rootDir>/frontend/src/**/*.spec.ts'],
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'console-browser',
      rootDir,
      testMatch: ['<rootDir>/frontend/e2e/**/*.browser.test.ts'],
      transform,
      moduleNameMapper: {
        '^@kalcifer/(journey|contracts|platform|sandbox|templates|caps)$': '<rootDir>/packages/$1/src',
      },
      testEnvironment: 'node',
    },
  ],
};
