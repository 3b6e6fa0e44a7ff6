// `forEach` in the definition language: a task or approval for each person of a relationship.
import { validateDefinition } from '../../../definitions/validate';
import { definitionJsonSchema } from '../../../definitions/json-schema';

function definition(step: Record<string, unknown>) {
  return {
    id: 'per-person',
    program: 'resettlement',
    title: 'Per person',
    roles: ['caseworker'],
    start: 'bid',
    steps: [
      { id: 'bid', title: 'BID', owner: 'caseworker', outcomes: { done: 'end' }, ...step },
      { id: 'end', kind: 'end', title: 'End', reason: 'resettled' },
    ],
  };
}

describe('steps for each person', () => {
  it('a task or an approval may be for each child', () => {
    for (const [kind, outcomes] of [
      ['task', { done: 'end' }],
      ['approval', { approved: 'end', rejected: 'end' }],
    ] as const) {
      const result = validateDefinition(definition({ kind, forEach: 'child', outcomes }));
      expect(result.problems).toEqual([]);
      expect(result.ok && result.definition.steps[0]).toMatchObject({ forEach: 'child' });
    }
  });

  it('names the relationships it knows, and a wait step has no persons', () => {
    const cousin = validateDefinition(definition({ kind: 'task', forEach: 'cousin' }));
    expect(cousin.problems).toEqual([
      {
        path: 'steps[0].forEach',
        message: '"cousin" is not one of spouse, child, parent, sibling, other',
      },
    ]);
    const wait = validateDefinition(definition({ kind: 'wait', event: 'decision', forEach: 'child' }));
    expect(wait.problems).toEqual([expect.objectContaining({ path: 'steps[0].forEach' })]);
  });

  it('is in the JSON Schema editors use', () => {
    expect(JSON.stringify(definitionJsonSchema())).toContain('"forEach"');
  });
});
