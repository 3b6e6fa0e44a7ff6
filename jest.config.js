// Three tiers, each a jest project: unit (no servers), workflow (time-skipping test server),
// integration (Temporal dev server, PostgreSQL, SMTP, HTTP). Servers are started once per
// run by test/support/global-setup.ts; a tier that cannot get its server fails with the reason.
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const tier = (name, extra = {}) => ({
  displayName: name,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  transform,
  // The generated Prisma client imports its siblings as './x.js' (Node16 ESM-style specifiers).
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  ...extra,
});

module.exports = {
  projects: [
    tier('unit'),
    tier('workflow', { testTimeout: 120_000 }),
    tier('integration', { testTimeout: 120_000 }),
  ],
  // A suite that leaves a socket open must not hang CI for its whole time limit.
  forceExit: true,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
