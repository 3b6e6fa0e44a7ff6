// The definitions CLI as a program manager runs it: spawned with tsx, judged by its exit code
// and what it prints.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALIAS_BOMB } from '../support/alias-bomb';

const ROOT = join(__dirname, '../..');
const SAMPLES = join(ROOT, 'definitions/samples');

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

describe('definitions CLI', () => {
  it('validate: every sample is ok (exit 0)', () => {
    const run = cli(
      'validate',
      ...[
        'resettlement',
        'resettlement.ke',
        'resettlement.ug',
        'resettlement.tz',
        'resettlement.ec',
        'family-reunification',
        'family-reunification.de',
        'family-reunification.ke',
      ].map((name) => join(SAMPLES, `${name}.yaml`)),
    );
    expect(run.code).toBe(0);
    // Its joint key "submission" meets only itself in the program: one warning, by design of the sample.
    expect(run.out).toContain('ok       resettlement.ke.yaml → resettlement.ke (26 steps, 1 warning)');
    expect(run.out.match(/^ok /gm)).toHaveLength(8);
  });

  it('validate: an overlay from another folder resolves against the samples and lists every problem (exit 1)', () => {
    const run = cli('validate', join(ROOT, 'test/fixtures/definitions/resettlement.xk.yaml'));
    expect(run.code).toBe(1);
    expect(run.out).toContain('invalid  resettlement.xk.yaml: 3 problems');
    expect(run.out).toContain(
      '  timeZone: "Africa/Nairobbi" is not an IANA time zone such as Africa/Nairobi — did you mean "Africa/Nairobi"?',
    );
    expect(run.out).toContain('  changes[1].change: "interveiw" is not a step of the base');
    expect(run.out).toContain(
      '  changes[0].remove: removes "interview", but needs_assessment.outcomes.resettlement_needed still goes to it; change it in this overlay too',
    );
  });

  it("validate: a typo in an overlay's transition target is one problem, at the path in the overlay file", () => {
    const dir = mkdtempSync(join(tmpdir(), 'definitions-cli-'));
    const file = join(dir, 'resettlement.ke.yaml');
    writeFileSync(
      file,
      readFileSync(join(SAMPLES, 'resettlement.ke.yaml'), 'utf8').replace(
        'approved: security_screening',
        'approved: securty_screening',
      ),
    );
    const run = cli('validate', file);
    expect(run.code).toBe(1);
    expect(run.out).toBe(
      [
        'invalid  resettlement.ke.yaml: 1 problem',
        '  changes[1].set.outcomes.approved: goes to "securty_screening", which is not a step — did you mean "security_screening"?' +
          ' (until this is fixed, 18 steps after it cannot be reached)',
        '',
      ].join('\n'),
    );
  });

  it('validate: an alias bomb is a plain problem, and the other files are still reported (exit 1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'definitions-cli-'));
    const bomb = join(dir, 'bomb.yaml');
    writeFileSync(bomb, `${ALIAS_BOMB}\n`);
    const began = Date.now();
    const run = cli(
      'validate',
      bomb,
      join(SAMPLES, 'resettlement.yaml'),
      join(ROOT, 'test/fixtures/definitions/resettlement.xk.yaml'),
    );
    expect(Date.now() - began).toBeLessThan(30_000);
    expect(run.code).toBe(1);
    expect(run.err).toBe('');
    expect(run.out).toContain(
      'invalid  bomb.yaml: 1 problem\n  expands its aliases (*name) into more than 100 copies, the most allowed',
    );
    expect(run.out).toContain('ok       resettlement.yaml → resettlement');
    expect(run.out).toContain('invalid  resettlement.xk.yaml: 3 problems');
  });

  it('validate: a missing file or no file at all is a usage error (exit 2)', () => {
    expect(cli('validate', 'nowhere.yaml')).toMatchObject({
      code: 2,
      err: expect.stringContaining('no such file: nowhere.yaml'),
    });
    expect(cli('validate').code).toBe(2);
    expect(cli('translate', 'x').code).toBe(2);
  });

  it('publish: a new definition, the same again, then a change (N+1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'definitions-cli-'));
    const file = join(dir, 'resettlement.xc.yaml');
    writeFileSync(file, 'extends: resettlement\ncountry: XC\ntimeZone: Africa/Kinshasa\nlanguage: fr\n');
    const first = cli('publish', file, '--by', 'amina');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^published resettlement\.xc version 1 \(sha256 [0-9a-f]{12}\) by amina$/m);
    expect(cli('publish', file, '--by', 'omar').out).toMatch(
      /^unchanged, already resettlement\.xc version 1 .* by amina$/m,
    );
    writeFileSync(
      file,
      `${readFileSync(file, 'utf8')}changes:\n  - change: interview\n    set: { due: { normal: P60D } }\n`,
    );
    expect(cli('publish', file, '--by', 'omar').out).toMatch(
      /^published resettlement\.xc version 2 .* by omar$/m,
    );
  });

  it('publish: an invalid definition is refused (exit 1)', () => {
    const run = cli('publish', join(ROOT, 'test/fixtures/definitions/resettlement.xk.yaml'));
    expect(run.code).toBe(1);
    expect(run.out).toContain('changes[1].change: "interveiw" is not a step of the base');
  });

  it('diagram and list read published versions', () => {
    expect(cli('publish', join(SAMPLES, 'resettlement.yaml')).code).toBe(0);
    expect(cli('publish', join(SAMPLES, 'resettlement.ke.yaml')).code).toBe(0);
    const diagram = cli('diagram', 'resettlement.ke', '--version', '1');
    expect(diagram.code).toBe(0);
    expect(diagram.out).toContain('title: Resettlement — Kenya (resettlement.ke version 1)');
    expect(diagram.out).toContain('  supervisor_approval -->|approved| security_screening');
    expect(cli('diagram', 'resettlement.zz')).toMatchObject({
      code: 2,
      err: expect.stringContaining('no definition "resettlement.zz"'),
    });
    expect(cli('diagram', 'resettlement.ke', '--version', 'latest').code).toBe(2);
    const list = cli('list');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^resettlement\.ke\s+v\d+\s+\d+ versions?\s/m);
  });

  it('diagram --dir draws from files without the database', () => {
    const run = cli('diagram', 'resettlement.ke', '--dir', SAMPLES);
    expect(run.code).toBe(0);
    expect(run.out).toBe(readFileSync(join(ROOT, 'test/fixtures/resettlement.ke.mmd'), 'utf8'));
  });
});
