// Drill: schemathesis (from the project's .tools/venv, pinned in scripts/install-tools.mjs)
// generates requests from /openapi.json against a live API with a worker and a few cases.
// No answer may be a 5xx, and none may break the schema the document declares for it. It runs
// with each role's key, and a hook (role-access-check.py) fails any 2xx that the access table
// (test/support/access-policy.ts) forbids for that role.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from '../../bench/stack';
import { createApiKey } from '../../api/access/api-keys';
import type { Role } from '../../api/access/roles';
import { PROJECT_ROOT } from '../../lib/temporal-binaries';
import { writePolicyJson } from '../support/access-policy';
import { drillStack, recordDrill, startDrillCases } from './support';

const SCHEMATHESIS = join(PROJECT_ROOT, '.tools', 'venv', 'bin', 'schemathesis');
const HOOK = join(__dirname, 'role-access-check.py');
let stack: Stack;
let reports: string;
let policy: string;
const keys = {} as Record<Role, string>;

beforeAll(async () => {
  if (!existsSync(SCHEMATHESIS))
    throw new Error(
      `${SCHEMATHESIS} is missing: run \`npm install\` (scripts/install-tools.mjs installs it from PyPI)`,
    );
  stack = await drillStack('drill-fuzz');
  await startDrillCases(stack, 'fuzz', 3);
  reports = mkdtempSync(join(tmpdir(), 'pathways-fuzz-'));
  policy = join(reports, 'access-policy.json');
  writePolicyJson(policy);
  await stack.db.partner.create({
    data: {
      id: 'fuzz-partner',
      name: 'Fuzz NGO',
      kind: 'ngo',
      contactEmail: 'fuzz@ngo.test',
      sharingProfile: { fields: ['program'], events: ['step_entered'] },
    },
  });
  keys.admin = stack.adminKey;
  for (const role of ['program_manager', 'supervisor', 'caseworker'] as const) {
    keys[role] = (
      await createApiKey(stack.db, { principal: `${role}@fuzz.test`, role, countries: ['XD'] })
    ).key;
  }
  keys.partner = (
    await createApiKey(stack.db, {
      principal: 'fuzz-partner',
      role: 'partner',
      countries: [],
      partnerId: 'fuzz-partner',
    })
  ).key;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

interface FuzzRun {
  code: number;
  operations: number;
  failed: number;
  output: string;
}

/** One schemathesis run with a role's key; the hook checks its answers against the access table. */
async function fuzz(role: Role, examples: string, maxSeconds: number): Promise<FuzzRun> {
  const junit = join(reports, `junit-${role}.xml`);
  const args = [
    'run',
    `${stack.apiUrl}/openapi.json`,
    '--url',
    stack.apiUrl,
    '--header',
    `Authorization: Bearer ${keys[role]}`,
    '--checks',
    'not_a_server_error,response_schema_conformance,role_access',
    '--max-examples',
    examples,
    '--max-time',
    String(maxSeconds),
    '--seed',
    '7',
    '--workers',
    '1',
    '--request-timeout',
    '20',
    '--report',
    'junit',
    '--report-junit-path',
    junit,
    '--warnings',
    'off',
  ];
  const env = {
    ...process.env,
    NO_COLOR: '1',
    SCHEMATHESIS_HOOKS: HOOK,
    PATHWAYS_ACCESS_POLICY: policy,
    PATHWAYS_ROLE: role,
  };
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      SCHEMATHESIS,
      args,
      { cwd: reports, timeout: (maxSeconds + 90) * 1000, maxBuffer: 64 * 1024 * 1024, env },
      (err, stdout, stderr) =>
        resolve({
          code: err ? Number((err as { code?: number }).code ?? 1) : 0,
          output: `${stdout}\n${stderr}`,
        }),
    );
  });
  const report = existsSync(junit) ? readFileSync(junit, 'utf8') : '';
  const operations = Number(/tests="(\d+)"/.exec(report)?.[1] ?? 0);
  const failed =
    Number(/failures="(\d+)"/.exec(report)?.[1] ?? 0) + Number(/errors="(\d+)"/.exec(report)?.[1] ?? 0);
  if (code !== 0) console.log(`[${role}]\n${output.slice(-20_000)}`);
  return { code, operations, failed, output };
}

test('schemathesis with the admin key: no 5xx, no response that breaks its schema, every operation decided', async () => {
  const started = Date.now();
  const run = await fuzz('admin', process.env.DRILL_FUZZ_EXAMPLES ?? '20', 150);
  recordDrill({
    drill: 'API fuzzing (operations / failing)',
    cases: run.operations,
    lost: run.failed,
    duplicated: 0,
    seconds: Math.round((Date.now() - started) / 1000),
  });
  expect({ code: run.code, failed: run.failed }).toEqual({ code: 0, failed: 0 });
  expect(run.operations).toBeGreaterThan(30);
});

test.each(['program_manager', 'supervisor', 'caseworker', 'partner'] as const)(
  'schemathesis with a %s key: no 2xx the access table forbids, no 5xx',
  async (role) => {
    const started = Date.now();
    const run = await fuzz(role, process.env.DRILL_FUZZ_ROLE_EXAMPLES ?? '5', 35);
    recordDrill({
      drill: `API fuzzing as ${role} (operations / failing)`,
      cases: run.operations,
      lost: run.failed,
      duplicated: 0,
      seconds: Math.round((Date.now() - started) / 1000),
    });
    expect({ code: run.code, failed: run.failed }).toEqual({ code: 0, failed: 0 });
    expect(run.operations).toBeGreaterThan(30);
  },
);
