// Run by test/integration/request-path-sql.test.ts in a process with another time zone (TZ): the
// request path's statements for one case and caller, printed as JSON (dates as ISO strings, UTC).
import { audit } from '../../api/audit';
import type { Principal } from '../../api/access/roles';
import { caseFor } from '../../api/cases/access';
import { closeDatabase, database } from '../../lib/database';

async function main(): Promise<void> {
  const [caseId, callerJson] = process.argv.slice(2);
  const caller = JSON.parse(callerJson ?? '{}') as Principal;
  const db = database();
  const row = await caseFor(db, caller, caseId ?? '');
  const auditedFrom = new Date().toISOString();
  await audit(db, caller, 'case.complete_step', caseId, { step: 'assessment' });
  console.log(JSON.stringify({ row, auditedFrom, auditedTo: new Date().toISOString() }));
  await closeDatabase();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
