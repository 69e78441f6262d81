/** The property tests alone, each counting its generated cases (bench/report/property-counter.ts). */
const base = require('../../jest.config.js').projects.find((p) => p.displayName === 'unit');

module.exports = {
  rootDir: '../..',
  testMatch: ['<rootDir>/packages/*/src/**/*.property.test.ts'],
  transform: base.transform,
  moduleNameMapper: base.moduleNameMapper,
  testEnvironment: 'node',
  setupFilesAfterEnv: ['<rootDir>/bench/report/property-counter.ts'],
};
