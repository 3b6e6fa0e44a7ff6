// The workflow bundle, built by a short-lived child process (workers/bundle-workflows.ts).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';

/** Bundles the workflow code in a child process and returns the code. */
export async function bundleInChildProcess(): Promise<{ code: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pathways-workflows-'));
  const out = join(dir, 'workflows.js');
  try {
    // The compiled worker (dist/, `npm run worker`) runs the compiled bundler; the source needs tsx.
    const bundler = join(__dirname, `bundle-workflows${extname(__filename)}`);
    const node = extname(__filename) === '.ts' ? ['--import', 'tsx', bundler] : [bundler];
    await promisify(execFile)(process.execPath, [...node, out], { maxBuffer: 10 * 2 ** 20 });
    return { code: readFileSync(out, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
