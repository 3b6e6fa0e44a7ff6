// Country overlays: what a program manager changes for a country, and the problems when an
// overlay does not fit its base.
import { BaseDefinition } from '../../../definitions/overlay-schema';
import { resolveOverlay } from '../../../definitions/resolve';
import { parseDefinitionText, resolveDefinition } from '../../../definitions/source';
import { miniDefinition } from './support/mini';

const base = BaseDefinition.parse(miniDefinition());
const overlay = (changes: unknown[], extra: Record<string, unknown> = {}) => ({
  extends: 'resettlement',
  country: 'KE',
  timeZone: 'Africa/Nairobi',
  changes,
  ...extra,
});

function resolved(changes: unknown[], extra: Record<string, unknown> = {}) {
  const result = resolveOverlay(base, overlay(changes, extra));
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return result.definition;
}

function problems(changes: unknown[], extra: Record<string, unknown> = {}) {
  const result = resolveOverlay(base, overlay(changes, extra));
  expect(result.ok).toBe(false);
  return result.problems;
}

const screening = {
  id: 'security_screening',
  kind: 'task',
  title: 'Security screening',
  owner: 'security_officer',
  due: 'P30D',
  outcomes: { cleared: 'decision' },
};

describe('resolving an overlay', () => {
  it('names the result after base and country and takes the country facts', () => {
    const definition = resolved([], { language: 'es', timeZone: 'America/Guayaquil', country: 'EC' });
    expect(definition).toMatchObject({
      id: 'resettlement.ec',
      country: 'EC',
      language: 'es',
      timeZone: 'America/Guayaquil',
      title: 'Resettlement (small) (EC)',
    });
  });

  it('adds a step after another and reroutes to it', () => {
    const definition = resolved(
      [
        { add: screening, after: 'approval' },
        { change: 'approval', set: { outcomes: { approved: 'security_screening' } } },
      ],
      { roles: ['security_officer'] },
    );
    expect(definition.steps.map((step) => step.id)).toEqual([
      'identification',
      'interview',
      'approval',
      'security_screening',
      'decision',
      'follow_up_wait',
      'closed',
    ]);
    expect(definition.steps[2]).toMatchObject({
      outcomes: { approved: 'security_screening', rejected: 'closed', returned: 'interview' },
    });
    expect(definition.roles).toEqual(['caseworker', 'supervisor', 'security_officer']);
  });

  it('deep-merges a change: one priority of a deadline, one reminder by id, an outcome deleted', () => {
    const definition = resolved([
      {
        change: 'interview',
        set: { due: { normal: 'P45D' }, reminders: [{ id: 'escalate_to_supervisor', after: 'P1D' }] },
      },
      {
        change: 'decision',
        set: { outcomes: { rejected: null, refused: 'closed' }, timeout: { outcome: 'refused' } },
      },
    ]);
    expect(definition.steps[1]).toMatchObject({
      due: { emergency: 'P3D', normal: 'P45D' },
      reminders: [
        { id: 'escalate_to_supervisor', kind: 'escalate', after: 'P1D', to: { role: 'supervisor' } },
      ],
    });
    expect(definition.steps[3]).toMatchObject({
      outcomes: { accepted: 'follow_up_wait', refused: 'closed' },
      timeout: { after: 'P6M', outcome: 'refused' },
    });
  });

  it("null deletes a setting of any kind: a label, a deadline or one priority of it, an outcome, a reminder's limit, a flag back to its default", () => {
    const definition = resolved([
      { change: 'identification', set: { partnerStatus: null } },
      {
        change: 'interview',
        set: {
          due: { emergency: null },
          reminders: [{ id: 'daily', kind: 'overdue', every: 'P1D', limit: 3 }],
        },
      },
      { change: 'interview', set: { reminders: [{ id: 'daily', limit: null }] } },
      { change: 'approval', set: { fourEyes: false } },
      { change: 'approval', set: { fourEyes: null, outcomes: { returned: null } } },
      { change: 'decision', set: { timeout: null, outcomes: { deferred: null } } },
    ]);
    expect(definition.steps[0]).not.toHaveProperty('partnerStatus');
    expect(definition.steps[1]).toMatchObject({ due: { normal: 'P30D' } });
    expect(definition.steps[1]).not.toHaveProperty('due.emergency');
    expect(definition.steps[1]).toMatchObject({
      reminders: [{ id: 'escalate_to_supervisor' }, { id: 'daily', kind: 'overdue', every: 'P1D' }],
    });
    expect(definition.steps[1]).not.toHaveProperty('reminders.1.limit');
    expect(definition.steps[2]).toMatchObject({
      fourEyes: true,
      outcomes: { approved: 'decision', rejected: 'closed' },
    });
    expect(definition.steps[2]).not.toHaveProperty('outcomes.returned');
    expect(definition.steps[3]).not.toHaveProperty('timeout');
    expect(
      problems([
        { change: 'interview', set: { reminders: [{ id: 'escalate_to_supervisor', after: null }] } },
      ]),
    ).toContainEqual({
      path: 'changes[0].set.reminders[0].after',
      message: 'is required',
    });
  });

  it('null cannot delete what a step must have', () => {
    expect(problems([{ change: 'interview', set: { title: null } }])).toContainEqual({
      path: 'changes[0].set.title',
      message: 'must be a string, not null',
    });
  });

  it('moves a step before another', () => {
    expect(resolved([{ move: 'closed', before: 'identification' }]).steps[0]?.id).toBe('closed');
  });

  it('removes a step once nothing points to it', () => {
    const definition = resolved([
      { change: 'decision', set: { outcomes: { accepted: 'closed' } } },
      { remove: 'follow_up_wait' },
    ]);
    expect(definition.steps.map((step) => step.id)).not.toContain('follow_up_wait');
  });
});

describe('a reminder policy for the whole country', () => {
  const policy = [
    { id: 'overdue_weekly', kind: 'overdue', every: 'P7D', limit: 4 },
    { id: 'escalate_to_supervisor', after: 'P5D' },
  ];

  it('adds a complete reminder to every task and approval with a deadline, changes a partial one where it exists, before the changes', () => {
    const definition = resolved(
      [{ change: 'identification', set: { reminders: [{ id: 'overdue_weekly', limit: 1 }] } }],
      { reminders: policy },
    );
    const reminders = (id: string) =>
      (definition.steps.find((s) => s.id === id) as { reminders?: unknown[] }).reminders;
    expect(reminders('identification')).toEqual([
      { id: 'overdue_weekly', kind: 'overdue', every: 'P7D', limit: 1, to: 'assignee' },
    ]);
    expect(reminders('interview')).toEqual([
      { id: 'escalate_to_supervisor', kind: 'escalate', after: 'P5D', to: { role: 'supervisor' } },
      { id: 'overdue_weekly', kind: 'overdue', every: 'P7D', limit: 4, to: 'assignee' },
    ]);
    expect(reminders('approval')).toEqual([]); // no deadline: nothing to count from
    expect(reminders('decision')).toEqual([]); // waits are left to their own
  });

  it('a problem in the policy is told once, at its path in the overlay', () => {
    expect(problems([], { reminders: [{ id: 'overdue_weekly', kind: 'overdue', every: '7 days' }] })).toEqual(
      [
        {
          path: 'reminders[0].every',
          message:
            '"7 days" must be an ISO-8601 duration such as P14D, PT12H or P3M, of at most 10 years, or working days such as "10 working days"',
        },
      ],
    );
  });
});

describe('step titles per language', () => {
  it('are written for the whole overlay in one place and merged into the steps, next to their own', () => {
    const result = resolveOverlay(
      base,
      overlay([{ change: 'interview', set: { translations: { ar: { partnerStatus: 'مقابلة' } } } }], {
        language: 'ar',
        translations: {
          ar: Object.fromEntries(base.steps.map((step) => [step.id, { title: `عنوان ${step.id}` }])),
        },
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.warnings).toEqual([]);
    expect(result.definition.steps[1]).toMatchObject({
      title: 'Interview',
      translations: { ar: { title: 'عنوان interview', partnerStatus: 'مقابلة' } },
    });
  });

  it("a country language without every title is one warning that names the steps sent in the base's language", () => {
    const result = resolveOverlay(
      base,
      overlay([], { language: 'ar', translations: { ar: { interview: { title: 'المقابلة' } } } }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.warnings).toEqual([
      {
        path: 'translations.ar',
        severity: 'warning',
        message:
          '5 steps have no ar title, so they are sent in "en": identification, approval, decision, follow_up_wait, closed',
      },
    ]);
  });

  it('a translation for a step that does not exist', () => {
    expect(problems([], { translations: { ar: { interveiw: { title: 'المقابلة' } } } })).toContainEqual({
      path: 'translations.ar.interveiw',
      message: '"interveiw" is not a step — did you mean "interview"?',
    });
  });
});

describe('broken overlays', () => {
  it('removing a step that others still point to', () => {
    expect(problems([{ remove: 'interview' }])).toContainEqual({
      path: 'changes[0].remove',
      message:
        'removes "interview", but identification.outcomes.referred, approval.outcomes.returned still go to it; change them in this overlay too',
    });
  });

  it('removing the start step', () => {
    expect(problems([{ remove: 'identification' }])).toContainEqual({
      path: 'changes[0].remove',
      message: 'removes "identification", but start still goes to it; change it in this overlay too',
    });
  });

  it('changing a step the base does not have', () => {
    expect(problems([{ change: 'interveiw', set: { due: 'P7D' } }])).toContainEqual({
      path: 'changes[0].change',
      message: '"interveiw" is not a step of the base — did you mean "interview"?',
    });
  });

  it('moving a step the base does not have', () => {
    expect(problems([{ move: 'screening', after: 'interview' }])).toContainEqual({
      path: 'changes[0].move',
      message: '"screening" is not a step of the base',
    });
  });

  it('adding a step after one that does not exist', () => {
    expect(problems([{ add: screening, after: 'aproval' }], { roles: ['security_officer'] })).toContainEqual({
      path: 'changes[0].after',
      message: '"aproval" is not a step — did you mean "approval"?',
    });
  });

  it('adding a step that already exists', () => {
    expect(problems([{ add: { ...screening, id: 'interview' } }])).toContainEqual({
      path: 'changes[0].add.id',
      message: '"interview" is already a step; use change to alter it',
    });
  });

  it('a change that is none of add, remove, move, change', () => {
    expect(problems([{ replace: 'interview' }])).toContainEqual({
      path: 'changes[0]',
      message: 'a change must be one of add, remove, move or change',
    });
  });

  it('a country code in lower case', () => {
    expect(problems([], { country: 'ke' })).toContainEqual({
      path: 'country',
      message: '"ke" must be an ISO 3166-1 alpha-2 code such as KE',
    });
  });

  it('dropping a reminder the step does not have', () => {
    expect(problems([{ change: 'interview', drop: { reminders: ['overdue_daily'] } }])).toContainEqual({
      path: 'changes[0].drop.reminders[0]',
      message: '"overdue_daily" is not on this step',
    });
  });

  it('an owner from a role the overlay forgot to add', () => {
    expect(problems([{ change: 'interview', set: { owner: 'security_officer' } }])).toContainEqual({
      path: 'changes[0].set.owner',
      message: '"security_officer" is not a role of this definition',
    });
  });

  it('a mistyped outcome target, at its path in the overlay, with what follows from it told once', () => {
    expect(problems([{ change: 'decision', set: { outcomes: { accepted: 'folow_up_wait' } } }])).toEqual([
      {
        path: 'changes[0].set.outcomes.accepted',
        message:
          'goes to "folow_up_wait", which is not a step — did you mean "follow_up_wait"? (until this is fixed, 1 step after it cannot be reached)',
      },
    ]);
  });

  it('a problem inside an added step, at its path under add', () => {
    expect(
      problems(
        [
          { add: { ...screening, due: '30 days' }, after: 'approval' },
          { change: 'approval', set: { outcomes: { approved: 'security_screening' } } },
        ],
        { roles: ['security_officer'] },
      ),
    ).toContainEqual({
      path: 'changes[0].add.due',
      message:
        '"30 days" must be an ISO-8601 duration such as P14D, PT12H or P3M, of at most 10 years, or working days such as "10 working days"',
    });
  });

  it('a reminder merged by id, at its index in the change', () => {
    expect(
      problems([
        {
          change: 'interview',
          set: {
            reminders: [
              { id: 'due_soon', kind: 'before_due', before: 'P1D' },
              { id: 'escalate_to_supervisor', to: { role: 'director' } },
            ],
          },
        },
      ]),
    ).toContainEqual({
      path: 'changes[0].set.reminders[1].to.role',
      message: '"director" is not a role of this definition',
    });
  });

  it("a problem in a base step the overlay did not write, at the base's path and named as the base's", () => {
    expect(problems([{ change: 'interview', set: { outcomes: { completed: 'decision' } } }])).toContainEqual({
      path: 'steps[2]',
      message:
        '(in the base "resettlement", step "approval") "approval" cannot be reached from the start step "identification"; no outcome goes to it',
    });
  });

  it('changing a step kind', () => {
    expect(problems([{ change: 'interview', set: { kind: 'approval' } }])).toContainEqual({
      path: 'changes[0].set.kind',
      message: 'is not a property here',
    });
  });

  it('extending a base that is not known', () => {
    const result = resolveDefinition({ ...overlay([]), extends: 'resettlment' }, () => undefined, [
      'resettlement',
      'family-reunification',
    ]);
    expect(result.problems).toEqual([
      {
        path: 'extends',
        message: '"resettlment" is not a known base definition — did you mean "resettlement"?',
      },
    ]);
  });

  it('a YAML syntax error names the line', () => {
    const parsed = parseDefinitionText('extends: resettlement\ncountry: KE\n  timeZone: [Africa/Nairobi\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]?.message).toMatch(/^is not valid YAML: /);
  });
});

describe('retention of a closed case’s personal data', () => {
  const retained = BaseDefinition.parse({ ...miniDefinition(), retention: { afterClosure: 'P5Y' } });

  it('is the base’s unless the country sets its own; without either there is none', () => {
    const inherit = resolveOverlay(retained, overlay([]));
    const own = resolveOverlay(retained, overlay([], { retention: { afterClosure: 'P18M' } }));
    expect(inherit.ok && inherit.definition.retention).toEqual({ afterClosure: 'P5Y' });
    expect(own.ok && own.definition.retention).toEqual({ afterClosure: 'P18M' });
    expect('retention' in resolved([])).toBe(false);
  });

  it('refuses a period that is not a duration, with its path', () => {
    expect(problems([], { retention: { afterClosure: 'five years' } })).toEqual([
      expect.objectContaining({ path: 'retention.afterClosure' }),
    ]);
  });
});
