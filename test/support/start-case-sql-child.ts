// Run by test/integration/request-path-sql.test.ts in a process with another time zone (TZ): one
// case created as the API creates it (row, key, partner link, a dependant, first transition,
// audit), printed as JSON with the instants around it.
import type { Principal } from '../../api/access/roles';
import { createCaseRow } from '../../api/cases/start-case';
import type { StartCaseBody } from '../../api/schemas/cases';
import { startBody } from '../../bench/cases';
import { ResolvedDefinition } from '../../definitions/schema';
import { publishDefinition } from '../../definitions/store';
import { miniDefinition } from '../unit/definitions/support/mini';
import { closeDatabase, database } from '../../lib/database';
import { keyring } from '../../lib/keyring';

async function main(): Promise<void> {
  const [partnerId, callerJson] = process.argv.slice(2);
  const caller = JSON.parse(callerJson ?? '{}') as Principal;
  const db = database();
  // A process of its own, in a country no other test uses: the tests share one database.
  await publishDefinition(
    ResolvedDefinition.parse({ ...miniDefinition(), id: 'sql-start.xs', country: 'XS' }),
    { publishedBy: 'request-path-sql' },
  );
  const body = startBody('sql-start.xs', {
    partners: [{ partnerId, role: 'referring', consent: ['case_updates'] }],
    applicant: {
      givenName: 'Amani',
      familyName: 'Start',
      birthDate: '1990-01-01',
      dependants: [
        { givenName: 'Baraka', familyName: 'Start', relationship: 'child', birthDate: '2015-05-05' },
      ],
    },
  }) as StartCaseBody;
  const from = new Date().toISOString();
  const created = await createCaseRow(db, keyring(), caller, body, undefined);
  const to = new Date().toISOString();
  console.log(JSON.stringify({ row: created?.row, applicant: created?.applicant, from, to }));
  await closeDatabase();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
