// The embedded PostgreSQL keeps its data across restarts even when the data folder sits in a
// folder only its owner may enter (mode 700, like /root/pathways or a `mktemp -d` clone): as
// root, PostgreSQL runs as the `postgres` user, so the cluster then lives in /var/lib/pathways,
// linked from the data folder.
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_HOME, rootHomeOf } from '../../lib/embedded-postgres-placement';
import { PROJECT_ROOT } from '../../lib/temporal-binaries';
import { freePort, processesMentioning } from '../support/processes';

jest.setTimeout(180_000);

const closed = mkdtempSync(join(tmpdir(), 'pathways-700-'));
const dataDir = join(closed, 'checkout', '.data');
const asRoot = process.getuid?.() === 0;

function once(
  port: number,
  action: 'write' | 'read',
): { clusterDir: string; moved: string | null; notes: string[] } {
  const run = spawnSync(
    join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
    ['test/support/embedded-postgres-roundtrip.ts', dataDir, String(port), action],
    { cwd: PROJECT_ROOT, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`embedded PostgreSQL (${action}) failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

afterAll(() => {
  for (const dir of [closed, rootHomeOf(dataDir)]) {
    for (const line of processesMentioning(dir)) process.kill(Number(line.trim().split(' ')[0]), 'SIGKILL');
  }
  rmSync(rootHomeOf(dataDir), { recursive: true, force: true });
  rmSync(closed, { recursive: true, force: true });
});

it('starts from a folder of mode 700, writes a row, and reads it back after a restart', async () => {
  mkdirSync(dataDir, { recursive: true });
  chmodSync(closed, 0o700);
  const port = await freePort();

  const first = once(port, 'write');
  expect(first.notes).toEqual(['written before the restart']);
  if (asRoot) {
    // The postgres user cannot enter the 700 folder: the cluster is in ROOT_HOME, owned by it.
    expect(first.clusterDir).toBe(join(rootHomeOf(dataDir), 'postgres'));
    expect(first.clusterDir.startsWith(`${ROOT_HOME}/`)).toBe(true);
    expect(first.moved).toBe(
      `the postgres user cannot enter ${dataDir}, so the database lives in ${first.clusterDir} (linked from ${join(dataDir, 'postgres')})`,
    );
    expect(lstatSync(join(dataDir, 'postgres')).isSymbolicLink()).toBe(true);
    expect(realpathSync(join(dataDir, 'postgres'))).toBe(first.clusterDir);
    expect(readFileSync(join(rootHomeOf(dataDir), 'data-folder.txt'), 'utf8')).toBe(`${dataDir}\n`);
  } else {
    expect(first).toMatchObject({ clusterDir: join(dataDir, 'postgres'), moved: null });
  }

  const second = once(port, 'read');
  expect(second).toEqual({ ...first, notes: ['written before the restart'] });
  expect(processesMentioning(first.clusterDir)).toEqual([]);
});
