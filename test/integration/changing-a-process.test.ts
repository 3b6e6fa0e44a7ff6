// The worked example of definitions/README.md, "Changing a process", run as written: the commands
// between its `migration-example` markers, in order, on a database of this file's own (so that
// the sample is version 1) with live Kenyan cases on the dev server. Every line the README shows
// after a command must appear in what the command prints, in order (`…` stands for any text).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrateDatabase } from '../../lib/migrate';
import { closeDatabase, database } from '../../lib/database';
import { createApiKey } from '../../api/access/api-keys';
import { migrationActivities } from '../../activities/migration';
import { projectionActivities } from '../../activities/projection';
import { adminQuery, adminUrl, withDatabase } from '../support/database';
import { bearer, startApiHarness, startBody, TASK_QUEUE, type ApiHarness } from './api-harness';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '../..');
const LIVE_CASES = 3;

interface Example {
  words: string[];
  printed: string[];
}

/** The commands between the markers, each with the lines shown after it. */
function workedExample(): Example[] {
  const readme = readFileSync(join(ROOT, 'definitions/README.md'), 'utf8');
  const start = readme.indexOf('<!-- migration-example');
  const end = readme.indexOf('<!-- end of migration-example -->');
  if (start < 0 || end < start) throw new Error('no migration-example markers in definitions/README.md');
  const blocks = [...readme.slice(start, end).matchAll(/```(sh|text)\n([\s\S]*?)```/g)];
  const examples: Example[] = [];
  for (const [, kind, body = ''] of blocks) {
    if (kind === 'sh') examples.push({ words: body.replace(/\\\n/g, ' ').trim().split(/\s+/), printed: [] });
    else examples[examples.length - 1]?.printed.push(...body.trimEnd().split('\n'));
  }
  return examples;
}

/** The shown lines appear in the output in order; `…` matches any text. */
function expectLinesInOrder(out: string, shown: string[]): void {
  const lines = out.split('\n');
  let at = 0;
  for (const line of shown) {
    const pattern = new RegExp(
      `^${line
        .split('…')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    const found = lines.findIndex((candidate, i) => i >= at && pattern.test(candidate));
    if (found < 0) throw new Error(`expected the line\n  ${line}\nafter line ${at} of\n${out}`);
    at = found + 1;
  }
}

let h: ApiHarness;
let env: NodeJS.ProcessEnv;
const previousUrl = process.env.DATABASE_URL;
const DATABASE = `${process.env.PATHWAYS_TEST_DATABASE ?? 'pathways_test'}_example`;

/** `npm run <script> -- …` as the README writes it, with the script's command (as package.json). */
function run(words: string[]) {
  const [npm, verb, script, dashes, ...args] = words;
  expect([npm, verb, dashes]).toEqual(['npm', 'run', '--']);
  const entry = { definitions: 'scripts/definitions-cli.ts', migrate: 'scripts/migration-cli.ts' }[
    script as 'definitions' | 'migrate'
  ];
  if (!entry) throw new Error(`the example runs an unknown script: ${script}`);
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    // Asynchronously: the worker answering the CLI's queries runs in this process.
    execFile(
      join(ROOT, 'node_modules/.bin/tsx'),
      [join(ROOT, entry), ...args],
      { cwd: ROOT, env, encoding: 'utf8', timeout: 90_000 },
      (error, out, err) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, out, err }),
    );
  });
}

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE ${DATABASE}`);
  const url = withDatabase(adminUrl(), DATABASE);
  await migrateDatabase(url);
  process.env.DATABASE_URL = url;
  const db = database();
  h = await startApiHarness({
    activities: () => ({
      ...projectionActivities(),
      ...migrationActivities({ db }),
      deliverNotification: async () => ({ sent: 0, alreadySent: 0, failed: 0 }),
      publishPartnerUpdate: async () => ({ queued: 0 }),
    }),
  });
  env = {
    ...process.env,
    DATABASE_URL: url,
    TEMPORAL_ADDRESS: h.env.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
  };
  // What runs today: the Kenyan sample, version 1, with live cases on it.
  const today = await run(
    'npm run definitions -- publish definitions/samples/resettlement.ke.yaml --by amina'.split(' '),
  );
  expect([today.code, today.out]).toEqual([
    0,
    expect.stringContaining('published resettlement.ke version 1 '),
  ]);
  const caseworker = `wanjiru.${h.run}@pathways.test`;
  await db.staff.create({
    data: { name: 'Wanjiru', email: caseworker, roles: ['caseworker'], countries: ['KE'] },
  });
  const key = (
    await createApiKey(db, { principal: caseworker, role: 'caseworker', countries: ['KE'], partnerId: null })
  ).key;
  for (let i = 0; i < LIVE_CASES; i += 1) {
    const res = await h.http
      .post('/v1/cases')
      .set(bearer(key))
      .send(
        startBody(h, {
          definitionId: 'resettlement.ke',
          reference: `KE-${h.run}-${i}`,
          assignee: caseworker,
        }),
      );
    if (res.status !== 201) throw new Error(`start: ${res.status} ${JSON.stringify(res.body)}`);
  }
}, 240_000);

afterAll(async () => {
  await h?.close();
  await closeDatabase();
  process.env.DATABASE_URL = previousUrl;
  await adminQuery(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
});

describe('definitions/README.md, "Changing a process": the worked example', () => {
  it('publishes the draft, dry-runs and applies the move of the live cases, printing what the README shows', async () => {
    const examples = workedExample();
    expect(examples.map((e) => e.words.slice(0, 5).join(' '))).toEqual([
      'npm run definitions -- publish',
      'npm run migrate -- dry-run',
      'npm run migrate -- apply',
      'npm run migrate -- apply',
    ]);
    for (const example of examples) {
      const result = await run(example.words);
      expect([example.words.join(' '), result.code, result.err]).toEqual([example.words.join(' '), 0, '']);
      expectLinesInOrder(result.out, example.printed);
    }
    // The cases are on version 2 now, each moved once.
    const db = database();
    const cases = await db.case.findMany({ where: { definitionId: 'resettlement.ke' } });
    expect(cases.map((c) => [c.definitionVersion, c.currentStep])).toEqual(
      Array.from({ length: LIVE_CASES }, () => [2, 'identification']),
    );
    expect(await db.caseEvent.count({ where: { kind: 'case_moved' } })).toBe(LIVE_CASES);
  });
});
