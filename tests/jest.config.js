/** Unit tests (pure logic) and integration tests (real Strapi, Redis, HTTP). */
const path = require('node:path');

const rootDir = path.resolve(__dirname, '..');
const transform = {
  '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  // marked ships only ES modules: Node requires them natively, Jest's module loader needs them compiled.
  '/node_modules/marked/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};
const common = { testEnvironment: 'node', transform, transformIgnorePatterns: ['/node_modules/(?!marked/)'], rootDir };

module.exports = {
  rootDir,
  testTimeout: 180000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/tests/integration/**/*.test.ts'], slowTestThreshold: 60 },
    // Real Chromium against a hub serving the built admin panel (built once by the global setup).
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/tests/browser/**/*.test.ts'], globalSetup: '<rootDir>/tests/browser/global-setup.js', slowTestThreshold: 120 },
    // The soak runs only when asked for (npm run soak, or .ci/run's 2-minute variant): SOAK_MINUTES.
    ...(process.env.SOAK_MINUTES ? [{ ...common, displayName: 'soak', testMatch: ['<rootDir>/tests/soak/**/*.test.ts'] }] : []),
  ],
};
