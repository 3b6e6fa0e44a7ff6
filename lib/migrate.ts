// Applies the committed migrations with the Prisma CLI (`migrate deploy`, JS schema engine).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './temporal-binaries';

const run = promisify(execFile);

/** Runs `prisma migrate deploy` against a database URL; throws with Prisma's output on failure. */
export async function migrateDatabase(url: string): Promise<void> {
  const prisma = join(PROJECT_ROOT, 'node_modules', '.bin', 'prisma');
  try {
    await run(prisma, ['migrate', 'deploy'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: url },
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`prisma migrate deploy failed:\n${e.stderr || e.stdout || e.message}`);
  }
}
