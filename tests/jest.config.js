/** Unit tests (pure logic) and integration tests (real Strapi, Redis, HTTP). */
const path = require('node:path');

const rootDir = path.resolve(__dirname, '..');
const transform = { '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] };
const common = { testEnvironment: 'node', transform, rootDir };

module.exports = {
  rootDir,
  testTimeout: 180000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/tests/integration/**/*.test.ts'], slowTestThreshold: 60 },
  ],
};
