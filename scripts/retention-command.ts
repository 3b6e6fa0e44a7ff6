// `npm run cases -- retention [--now <ISO instant>]`: erases the closed cases whose retention has
// passed (the same sweep the worker runs daily), against the configuration's database and keys.
// Prints the number of cases erased, never their data. Exit codes: 0 ok, 2 bad --now.
import type { Command } from 'commander';
import { sweepRetention } from '../activities/erasure/retention';
import { loadConfig } from '../lib/config';
import { createDatabase } from '../lib/database';
import { loadKeyring } from '../lib/keyring';
import { configuredEndpoints } from '../lib/resources';

/** Adds the `retention` command to the cases CLI. */
export function retentionCommand(program: Command): void {
  program
    .command('retention')
    .description('erase the personal data of closed cases whose retention period has passed')
    .option('--now <instant>', 'the moment to judge retention at (ISO 8601; default: now)')
    .action(async (opts: { now?: string }) => {
      const now = opts.now ? new Date(opts.now) : new Date();
      if (Number.isNaN(now.getTime())) {
        console.error('--now must be an ISO 8601 instant such as 2030-01-31T00:00:00Z');
        process.exit(2);
      }
      const config = loadConfig();
      const endpoints = configuredEndpoints(config);
      const db = createDatabase(endpoints.databaseUrl, 2);
      try {
        const result = await sweepRetention(db, loadKeyring(config.PATHWAYS_KEYS, endpoints.dataDir), now);
        console.log(
          result.ran
            ? `erased ${result.erased.length} case${result.erased.length === 1 ? '' : 's'} (retention passed at ${now.toISOString()})`
            : 'another process is sweeping now: nothing done',
        );
      } finally {
        await db.$disconnect();
      }
    });
}
