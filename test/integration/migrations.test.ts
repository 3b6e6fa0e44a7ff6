// The committed migrations must produce exactly the schema in prisma/schema.prisma: a model
// changed without a migration fails CI here. (Prisma replays the migrations into a temporary
// shadow database on the test server and compares.)
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../lib/temporal-binaries';

const run = promisify(execFile);

it('has migrations that match schema.prisma (no drift)', async () => {
  const prisma = join(PROJECT_ROOT, 'node_modules', '.bin', 'prisma');
  const args = [
    'migrate',
    'diff',
    '--from-migrations',
    'prisma/migrations',
    '--to-schema-datamodel',
    'prisma/schema.prisma',
    '--exit-code',
  ];
  const outcome = await run(prisma, args, { cwd: PROJECT_ROOT, env: process.env })
    .then(({ stdout }) => ({ exit: 0, output: stdout }))
    .catch((err: { code: number; stdout: string; stderr: string }) => ({
      exit: err.code,
      output: `${err.stdout}\n${err.stderr}`,
    }));
  // Exit 2 means a difference: the output is the SQL a migration would need.
  expect(outcome).toEqual({ exit: 0, output: expect.stringContaining('No difference detected') });
}, 60_000);
