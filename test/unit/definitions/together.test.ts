// Joint steps in the definition language: keys ahead of a step, problems, warnings, the diagram.
import { mermaidDiagram } from '../../../definitions/diagram';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../../definitions/load';
import { validateDefinition } from '../../../definitions/validate';
import { jointKeysAhead, programJointWarnings } from '../../../definitions/together';

const samples = loadDefinitionsDir(SAMPLES_DIR);
const sample = (id: string) => {
  const found = samples.find((s) => s.definition.id === id);
  if (!found) throw new Error(`no sample ${id}`);
  return found;
};

function definition(steps: unknown[]) {
  return {
    id: 'joint',
    program: 'family-reunification',
    title: 'Joint',
    roles: ['caseworker'],
    start: 'a',
    steps,
  };
}

describe('joint steps', () => {
  it('the DE and KE family reunification samples meet at departure; resettlement in Kenya links at submission', () => {
    const de = sample('family-reunification.de').definition;
    const ke = sample('family-reunification.ke').definition;
    expect(de.steps.find((s) => s.id === 'reunited')?.together).toBe('departure');
    expect(ke.steps.find((s) => s.id === 'reunited')?.together).toBe('departure');
    expect(sample('resettlement.ke').definition.steps.find((s) => s.id === 'submission')?.together).toBe(
      'submission',
    );
    expect(jointKeysAhead(ke, 'tracing')).toEqual(['departure']);
    expect(jointKeysAhead(ke, 'reunited')).toEqual([]);
  });

  it('an end step cannot be joint, and pauseWhileWaiting needs a key', () => {
    const result = validateDefinition(
      definition([
        {
          id: 'a',
          kind: 'task',
          title: 'A',
          owner: 'caseworker',
          pauseWhileWaiting: false,
          outcomes: { ok: 'z' },
        },
        { id: 'z', kind: 'end', title: 'Z', reason: 'done', together: 'departure' },
      ]),
    );
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.path)).toEqual(['steps[0].pauseWhileWaiting', 'steps[1].together']);
  });

  it('a joint step a branch can skip is explained; leaving the process early is not a skip', () => {
    const result = validateDefinition(
      definition([
        {
          id: 'a',
          kind: 'task',
          title: 'A',
          owner: 'caseworker',
          outcomes: { go: 'b', direct: 'c', stop: 'no' },
        },
        {
          id: 'b',
          kind: 'task',
          title: 'B',
          owner: 'caseworker',
          together: 'departure',
          outcomes: { ok: 'c' },
        },
        { id: 'c', kind: 'task', title: 'C', owner: 'caseworker', outcomes: { ok: 'z' } },
        { id: 'z', kind: 'end', title: 'Z', reason: 'done' },
        { id: 'no', kind: 'end', title: 'No', reason: 'withdrawn' },
      ]),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.warnings).toEqual([
      {
        path: 'steps[1].together',
        message: expect.stringContaining('can be skipped: a case can reach c without passing it'),
        severity: 'warning',
      },
    ]);
    expect(sample('family-reunification.de').warnings).toEqual([]);
  });

  it('a key used by one step only in a whole program is a warning; one that meets another definition is not', () => {
    const warnings = programJointWarnings(samples.map((s) => s.definition));
    expect(warnings.get('resettlement.ke')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('"submission" is used by this step only') }),
    ]);
    expect(warnings.has('family-reunification.de')).toBe(false);
    expect(
      sample('resettlement.ke')
        .warnings.map((w) => w.message)
        .join('\n'),
    ).toContain('used by this step only');
  });

  it('the diagram draws joint steps distinctly', () => {
    const diagram = mermaidDiagram(sample('family-reunification.de').definition);
    expect(diagram).toContain('together: departure (due paused while waiting)');
    expect(diagram).toContain('  class reunited joint');
  });
});
