// Drill: schemathesis (from the project's .tools/venv, pinned in scripts/install-tools.mjs)
// generates requests from /openapi.json against a live API with a worker and a few cases.
// No answer may be a 5xx, and none may break the schema the document declares for it.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from '../../bench/stack';
import { PROJECT_ROOT } from '../../lib/temporal-binaries';
import { drillStack, recordDrill, startDrillCases } from './support';

const SCHEMATHESIS = join(PROJECT_ROOT, '.tools', 'venv', 'bin', 'schemathesis');
let stack: Stack;

beforeAll(async () => {
  if (!existsSync(SCHEMATHESIS)) throw new Error(`${SCHEMATHESIS} is missing: run \`npm install\` (scripts/install-tools.mjs installs it from PyPI)`);
  stack = await drillStack('drill-fuzz');
  await startDrillCases(stack, 'fuzz', 3);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

test('schemathesis against /openapi.json: no 5xx, no response that breaks its schema', async () => {
  const started = Date.now();
  const reports = mkdtempSync(join(tmpdir(), 'pathways-fuzz-'));
  const junit = join(reports, 'junit.xml');
  const args = [
    'run', `${stack.apiUrl}/openapi.json`, '--url', stack.apiUrl,
    '--header', `Authorization: Bearer ${stack.adminKey}`,
    '--checks', 'not_a_server_error,response_schema_conformance',
    '--max-examples', process.env.DRILL_FUZZ_EXAMPLES ?? '20', '--max-time', '150', '--seed', '7',
    '--workers', '1', '--request-timeout', '20', '--report', 'junit', '--report-junit-path', junit, '--warnings', 'off',
  ];
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(SCHEMATHESIS, args, { cwd: reports, timeout: 240_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, output: `${stdout}\n${stderr}` }));
  });
  const report = existsSync(junit) ? readFileSync(junit, 'utf8') : '';
  const operations = Number(/tests="(\d+)"/.exec(report)?.[1] ?? 0);
  const failed = Number(/failures="(\d+)"/.exec(report)?.[1] ?? 0) + Number(/errors="(\d+)"/.exec(report)?.[1] ?? 0);
  recordDrill({ drill: 'API fuzzing (operations / failing)', cases: operations, lost: failed, duplicated: 0, seconds: Math.round((Date.now() - started) / 1000) });
  if (code !== 0) console.log(output.slice(-20_000));
  expect({ code, failed }).toEqual({ code: 0, failed: 0 });
});
