// The fault drills (`npm run drills`): each file starts its own servers (database, Temporal dev
// server, mailbox, worker, API) and breaks one of them. Separate from `npm test` because the
// drills wait on real timers and retries for minutes.
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

module.exports = {
  rootDir: '../..',
  displayName: 'drills',
  testMatch: ['<rootDir>/test/drills/**/*.test.ts'],
  transform,
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  testTimeout: 300_000,
  forceExit: true,
  globalSetup: '<rootDir>/test/drills/summary-setup.ts',
  globalTeardown: '<rootDir>/test/drills/summary-teardown.ts',
};
