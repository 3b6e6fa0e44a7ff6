// `definitions simulate` and `definitions compare` as a program manager runs them: spawned with
// tsx, judged by exit code and what they print (the gantt chart through the real Mermaid parser).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Timeline } from '../../simulation/timeline';

const ROOT = join(__dirname, '../..');
const KENYA = join(ROOT, 'definitions/samples/resettlement.ke.yaml');
const PATH = 'state_decision:accepted,travel_documents:issued';

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const run = spawnSync(
    join(ROOT, 'node_modules/.bin/tsx'),
    [join(ROOT, 'scripts/definitions-cli.ts'), ...args],
    {
      cwd: ROOT,
      env: process.env,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** The Kenyan overlay with a shorter security screening that is chased daily instead of weekly. */
function draft(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'simulate-cli-')), 'resettlement.ke.yaml');
  writeFileSync(
    file,
    readFileSync(KENYA, 'utf8')
      .replace(
        'due: { emergency: P5D, urgent: P21D, normal: P45D }',
        'due: { emergency: P3D, urgent: P14D, normal: P30D }',
      )
      .replace(
        '{ id: overdue_weekly, kind: overdue, every: P7D }',
        '{ id: overdue_daily, kind: overdue, every: P1D, limit: 3 }',
      ),
  );
  return file;
}

describe('definitions simulate', () => {
  it('prints the timeline as a table: late interview reminded, escalated to the supervisor, case resettled', () => {
    const run = cli(
      'simulate',
      KENYA,
      '--priority',
      'emergency',
      '--path',
      PATH,
      '--overdue',
      'interview=3d',
      '--start',
      '2027-01-04',
      '--lang',
      'fr',
    );
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const lines = run.out.split('\n');
    expect(lines[0]).toBe('resettlement.ke (draft) · emergency · Africa/Nairobi · messages in fr');
    expect(lines).toContain('    0  2027-01-04 09:00  enter  interview (caseworker), due 2027-01-07 09:00');
    expect(lines).toContain(
      '    2  2027-01-06 09:00  remind reminder_before_due due_soon → caseworker [fr] (interview)',
    );
    expect(lines).toContain(
      '    6  2027-01-10 09:00  remind escalation escalate_to_supervisor → supervisor [fr] (interview)',
    );
    expect(lines).toContain('    6  2027-01-10 09:00  leave  interview → completed by caseworker — late');
    expect(lines).toContain(
      '    0  2027-01-04 09:00  partner partner-1 (referring): step_entered "Referral received" #1 {program, country, priority}',
    );
    expect(run.out).toMatch(
      /\(6 reminders\), 12 partner events; the case ends 2028-01-10 09:00 at closed_resettled \(resettled\), day 371\n$/,
    );
  });

  it('writes JSON and a Mermaid gantt chart that Mermaid parses', () => {
    const json = cli(
      'simulate',
      KENYA,
      '--priority',
      'urgent',
      '--path',
      PATH,
      '--start',
      '2027-01-04T14:30',
      '--format',
      'json',
      '--partner',
      'service:country,givenName',
      '--partner',
      'referring',
    );
    expect(json.code).toBe(0);
    const timeline = JSON.parse(json.out) as Timeline;
    expect(timeline.visits[0]).toMatchObject({
      step: 'identification',
      enteredAt: '2027-01-04T14:30:00+03:00',
      dueAt: '2027-01-11T14:30:00+03:00',
    });
    expect(timeline.end).toMatchObject({ step: 'closed_resettled' });
    expect(timeline.partnerEvents.slice(0, 2)).toEqual([
      expect.objectContaining({
        partner: 'partner-1 (service)',
        facts: { country: 'KE' },
        personalFields: ['givenName'],
      }),
      expect.objectContaining({
        partner: 'partner-2 (referring)',
        facts: { program: 'resettlement', country: 'KE', priority: 'urgent' },
        personalFields: [],
      }),
    ]);

    const gantt = cli(
      'simulate',
      KENYA,
      '--priority',
      'urgent',
      '--path',
      PATH,
      '--overdue',
      'rrf=2d',
      '--start',
      '2027-01-04',
      '--format',
      'gantt',
    );
    expect(gantt.code).toBe(0);
    expect(gantt.out).toMatch(/^gantt\n/);
    expect(gantt.out).toContain(
      '  Resettlement Registration Form (RRF) prepared : crit, v5, 2027-01-04T09:00, 2027-01-13T09:00',
    );
    const parsed = spawnSync(process.execPath, [join(ROOT, 'test/support/mermaid-parse.mjs')], {
      input: gantt.out,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(parsed.stderr).toBe('');
    expect(JSON.parse(parsed.stdout)).toMatchObject({ diagramType: 'gantt' });
  });

  it('names a wrong step or outcome and suggests one (exit 2)', () => {
    const run = cli(
      'simulate',
      KENYA,
      '--priority',
      'normal',
      '--path',
      'interveiw:completed,state_decision:acepted',
      '--overdue',
      'travel_documents=2d',
    );
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err.split('\n')).toEqual([
      'definitions: path[0].step: "interveiw" is not a step of resettlement.ke — did you mean "interview"?',
      'definitions: path[1].outcome: step "state_decision" has outcomes accepted, rejected, deferred, no_decision, not "acepted" — did you mean "accepted"?',
      'definitions: overdue.travel_documents: "travel_documents" is a wait step: only tasks and approvals are completed late',
      '',
    ]);
    expect(cli('simulate', KENYA, '--priority', 'soon').code).toBe(2);
    expect(cli('simulate', 'no-such.yaml', '--priority', 'normal').err).toContain(
      'no such file: no-such.yaml',
    );
  });
});

describe('definitions compare', () => {
  it('shows days added and removed per step and the reminders a draft adds', () => {
    const run = cli(
      'compare',
      KENYA,
      draft(),
      '--priority',
      'emergency',
      '--path',
      PATH,
      '--overdue',
      'security_screening=4d',
      '--start',
      '2027-01-04',
    );
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const lines = run.out.split('\n');
    expect(lines[0]).toBe('resettlement.ke.yaml → resettlement.ke.yaml · emergency');
    expect(lines).toContain('security_screening         5 → 3           9 → 7           -2 days');
    expect(lines).toContain('interview                  3 → 3           0 → 0');
    expect(lines).toContain('  + security_screening overdue_daily (overdue → security_officer) ×3  [0 → 3]');
    expect(lines).toContain('reminders removed: none');
    expect(lines).toContain('the case lasts 374 → 372 days (-2 days)');
  });

  it('compares a published version with a draft', () => {
    expect(cli('publish', join(ROOT, 'definitions/samples/resettlement.yaml')).code).toBe(0);
    expect(cli('publish', KENYA).code).toBe(0);
    const run = cli(
      'compare',
      'resettlement.ke',
      draft(),
      '--priority',
      'emergency',
      '--path',
      PATH,
      '--format',
      'json',
    );
    expect(run.err).toBe('');
    const changes = JSON.parse(run.out) as {
      steps: { step: string; allowed: { before: number | null; after: number | null } }[];
      remindersAdded: unknown[];
    };
    expect(changes.steps.find((s) => s.step === 'security_screening')?.allowed).toEqual({
      before: 5,
      after: 3,
    });
    expect(cli('compare', 'resettlement.ke@999', draft(), '--priority', 'normal').err).toContain(
      'no such file, and no published definition "resettlement.ke@999"',
    );
  });
});

describe('definitions simulate, working days', () => {
  it('prints Jordan’s deadlines and reminders on its working days: no Friday, Saturday or holiday', () => {
    // As definitions/README.md, "Working days", writes it. Sunday 23 August 2026; Tuesday 25 is
    // the Prophet's Birthday in the sample's calendar.
    const run = cli(
      'simulate',
      join(ROOT, 'definitions/samples/resettlement.jo.yaml'),
      '--priority',
      'emergency',
      '--path',
      PATH,
      '--overdue',
      'identification=4d',
      '--start',
      '2026-08-23',
    );
    expect([run.code, run.err]).toEqual([0, '']);
    const lines = run.out.split('\n');
    expect(lines[0]).toBe('resettlement.jo (draft) · emergency · Asia/Amman · messages in en');
    const identification = lines.filter(
      (line) => line.includes('(identification)') || line.includes(' identification '),
    );
    expect(identification.filter((line) => !line.includes('notify') && !line.includes('partner'))).toEqual([
      '    0  2026-08-23 09:00  enter  identification (caseworker), due 2026-08-26 09:00',
      '    1  2026-08-24 09:00  remind reminder_before_due due_soon → caseworker [en] (identification)',
      '    3  2026-08-26 09:00  remind due_today due_today → caseworker [en] (identification)',
      '    4  2026-08-27 09:00  remind overdue overdue_daily → caseworker [en] (identification)',
      '    7  2026-08-30 09:00  remind overdue overdue_daily #2 → caseworker [en] (identification)',
      '    7  2026-08-30 09:00  remind escalation escalate_to_supervisor → supervisor [en] (identification)',
      '    7  2026-08-30 09:00  leave  identification → referred by caseworker — late',
    ]);
    expect(lines).toContain(
      '    7  2026-08-30 09:00  enter  registration_check (caseworker), due 2026-09-01 09:00',
    );
  });
});

describe('definitions/README.md, "Changing a process"', () => {
  const readme = readFileSync(join(ROOT, 'definitions/README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Changing a process'));
  /** The n-th ```sh block and the ```text block after it: the command's words and what it prints. */
  function example(n: number): { args: string[]; printed: string } {
    const blocks = [...section.matchAll(/```(sh|text)\n([\s\S]*?)```/g)];
    const commands = blocks.filter((b) => b[1] === 'sh');
    const command = commands[n];
    const printed = blocks.find((b) => b[1] === 'text' && (b.index ?? 0) > (command?.index ?? 0));
    if (!command || !printed) throw new Error(`no example ${n} in the section`);
    const words = (command[2] ?? '').replace(/\\\n/g, ' ').trim().split(/\s+/);
    expect(words.slice(0, 4)).toEqual(['npm', 'run', 'definitions', '--']);
    return { args: words.slice(4), printed: printed[2] ?? '' };
  }

  it('simulate prints the lines the example shows', () => {
    const { args, printed } = example(0);
    const run = cli(...args);
    expect(run.code).toBe(0);
    const lines = run.out.split('\n');
    for (const line of printed.trimEnd().split('\n')) expect(lines).toContain(line);
  });

  it('compare prints exactly what the example shows', () => {
    const { args, printed } = example(1);
    const run = cli(...args);
    expect(run.err).toBe('');
    expect(run.out).toBe(printed);
  });
});
