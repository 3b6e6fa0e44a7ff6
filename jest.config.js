// Three tiers, each a jest project: unit (no servers), workflow (time-skipping test server),
// integration (Temporal dev server, PostgreSQL, SMTP, HTTP). The database is created once per
// run by test/support/global-setup.ts, servers per suite; a tier that cannot get its server fails with the reason.
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
  projects: [tier('unit'), tier('workflow'), tier('integration')],
  // Servers start within tests; jest reads testTimeout only at the top level, not per project.
  testTimeout: 120_000,
  // A suite that leaves a socket open must not hang CI for its whole time limit.
  forceExit: true,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
