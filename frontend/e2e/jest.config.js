/** The console's browser tests: run by the repository's jest (its swc set-up and test/support). */
const path = require('node:path');
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  testMatch: ['<rootDir>/frontend/e2e/**/*.browser.test.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@kalcifer/(journey|contracts|platform|sandbox|templates|caps)$': '<rootDir>/packages/$1/src',
  },
  testEnvironment: 'node',
};
