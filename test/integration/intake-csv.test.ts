// `npm run cases -- import` as an operator runs it: the CLI spawned against the real API (listening
// on a port), Temporal dev server and PostgreSQL. Rows start cases once, a re-run starts none
// twice, refused rows are reported by row and column without values, a dry run starts nothing.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { database } from '../../lib/database';
import { startApiHarness, type ApiHarness } from './api-harness';

const ROOT = join(__dirname, '../..');
const FIXTURES = join(__dirname, '../fixtures/intake');
const db = database();
let h: ApiHarness;
let server: Server;
let mappingFile: string;

jest.setTimeout(120_000);

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const port = (server.address() as AddressInfo).port;
  try {
    const { stdout, stderr } = await promisify(execFile)(
      join(ROOT, 'node_modules/.bin/tsx'),
      [join(ROOT, 'scripts/cases-cli.ts'), ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          PATHWAYS_API_URL: `http://127.0.0.1:${port}`,
          PATHWAYS_API_KEY: h.keys.caseworker,
        },
        timeout: 90_000,
      },
    );
    return { code: 0, out: stdout, err: stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw err;
    return { code: failed.code, out: failed.stdout ?? '', err: failed.stderr ?? '' };
  }
}

beforeAll(async () => {
  h = await startApiHarness();
  server = h.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'intake-csv-'));
  mappingFile = join(dir, 'sheet.yaml');
  writeFileSync(
    mappingFile,
    // The process is named: XA has several resettlement processes in the tests' database, and a
    // start by program and country refuses to choose between them (api-cases.test.ts).
    readFileSync(join(FIXTURES, 'spreadsheet-mapping.yaml'), 'utf8')
      .replace('program: { value: resettlement }', 'definitionId: { value: api-mini.xa }')
      .replaceAll('{{assignee}}', h.staff.caseworker),
  );
}, 120_000);
afterAll(async () => {
  server?.close();
  await h?.close();
});

const PERSONAL = /Amani|Kiprono|Chausiku|Wanjiru|Dalmar|Kakuma|1979-09-30/;

describe('cases import', () => {
  it('a dry run maps every row, reports the refused ones and starts nothing', async () => {
    const source = `dry-${h.run}`;
    const run = await cli(
      'import',
      join(FIXTURES, 'spreadsheet.csv'),
      '--mapping',
      mappingFile,
      '--source',
      source,
      '--dry-run',
    );
    expect(run.code).toBe(1);
    expect(run.out).toContain('dry run: 3 rows would start a case (or find theirs), 2 refused');
    expect(await db.case.count({ where: { reference: { startsWith: `${source}-` } } })).toBe(0);
  });

  it('starts a case per good row, reports refused rows by row and column, and a re-run starts none twice', async () => {
    const source = `sheet-${h.run}`;
    const args = ['import', join(FIXTURES, 'spreadsheet.csv'), '--mapping', mappingFile, '--source', source];
    const first = await cli(...args);
    expect(first.code).toBe(1);
    expect(first.out).toContain('3 started, 0 already there, 2 refused');
    expect(first.out).toContain(
      'row 4  case.priority.map: the answer to "urgency" is a choice the map does not list',
    );
    expect(first.out).toContain('row 5  applicant.familyName: the answer to "family_name" is missing');
    expect(first.err).toContain('imported 5/5');
    expect(first.out + first.err).not.toMatch(PERSONAL);

    const cases = await db.case.findMany({ where: { reference: { startsWith: `${source}-` } } });
    expect(cases.map((c) => c.priority).sort()).toEqual(['emergency', 'normal', 'urgent']);
    for (const row of cases) {
      expect(row.idempotencyKey).toMatch(new RegExp(`^import:${source}:[0-9a-f]{40}$`));
      expect(row.personalData).not.toMatch(PERSONAL);
      await h.client.workflow.getHandle(row.workflowId).describe();
    }

    const again = await cli(...args);
    expect(again.out).toContain('0 started, 3 already there, 2 refused');
    expect(await db.case.count({ where: { reference: { startsWith: `${source}-` } } })).toBe(3);
  });

  it('refuses a bad mapping with paths before reading a row (exit 2)', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'intake-csv-')), 'bad.yaml');
    writeFileSync(bad, 'case:\n  program: { value: resettlement, colour: red }\napplicant: {}\n');
    const run = await cli('import', join(FIXTURES, 'spreadsheet.csv'), '--mapping', bad);
    expect(run.code).toBe(2);
    expect(run.err).toContain('case.program.colour: is not a known field');
    expect(run.err).toContain('case.assignee: Required');
  });
});
