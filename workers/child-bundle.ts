// The workflow bundle, built by a short-lived child process (workers/bundle-workflows.ts).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Bundles the workflow code in a child process and returns the code. */
export async function bundleInChildProcess(): Promise<{ code: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pathways-workflows-'));
  const out = join(dir, 'workflows.js');
  try {
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'bundle-workflows.ts'), out],
      { maxBuffer: 10 * 2 ** 20 },
    );
    return { code: readFileSync(out, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
