// Issue 10, item 4: validation must never freeze the process. Names are bounded, "did you
// mean" compares only candidates of a possible length with a bounded distance, and sources
// over the language's limits (size, aliases, nesting) are refused with a plain problem.
import {
  MAX_LIST_ENTRIES,
  MAX_NAME_LENGTH,
  MAX_SOURCE_CHARS,
  MAX_SOURCE_DEPTH,
  MAX_STEPS,
} from '../../../definitions/limits';
import { closest, levenshtein } from '../../../definitions/problems';
import { checkSourceShape, parseDefinitionText, resolveDefinition } from '../../../definitions/source';
import { validateDefinition } from '../../../definitions/validate';
import { ALIAS_BOMB } from '../../support/alias-bomb';
import { broken, miniDefinition } from './support/mini';

describe('names and lists', () => {
  it('a 30,000-character step id is one plain problem, with no suggestion and no echo of the id', () => {
    const long = `a${'b'.repeat(30_000)}`;
    const result = validateDefinition(
      broken((d) => {
        d.start = long;
        d.steps[0].id = long;
        d.steps[0].owner = long;
        d.steps[1].outcomes = { [long]: long };
      }),
    );
    expect(result.ok).toBe(false);
    const messages = result.problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toContain(`start: is longer than ${MAX_NAME_LENGTH} characters, the most allowed`);
    expect(messages).toContain(`steps[0].id: is longer than ${MAX_NAME_LENGTH} characters, the most allowed`);
    for (const message of messages) expect(message.length).toBeLessThan(400);
  });

  it('refuses more than the most steps, outcomes, reminders and roles', () => {
    const many = validateDefinition(
      broken((d) => {
        d.steps = [
          ...d.steps,
          ...Array.from({ length: MAX_STEPS }, (_, i) => ({
            id: `extra_${i}`,
            kind: 'end',
            title: 'x',
            reason: 'x',
          })),
        ];
        d.roles = Array.from({ length: MAX_LIST_ENTRIES + 1 }, (_, i) => `role_${i}`);
        d.steps[0].outcomes = Object.fromEntries(
          Array.from({ length: MAX_LIST_ENTRIES + 1 }, (_, i) => [`o${i}`, 'interview']),
        );
        d.steps[1].reminders = Array.from({ length: MAX_LIST_ENTRIES + 1 }, (_, i) => ({
          id: `r${i}`,
          kind: 'at_due',
        }));
      }),
    );
    expect(many.problems).toEqual(
      expect.arrayContaining([
        { path: 'steps', message: `has more than ${MAX_STEPS} entries, the most allowed` },
        { path: 'roles', message: `has more than ${MAX_LIST_ENTRIES} entries, the most allowed` },
        {
          path: 'steps[0].outcomes',
          message: `has more than ${MAX_LIST_ENTRIES} outcomes, the most allowed`,
        },
        {
          path: 'steps[1].reminders',
          message: `has more than ${MAX_LIST_ENTRIES} entries, the most allowed`,
        },
      ]),
    );
  });

  it('refuses an overlay with more changes than the most steps', () => {
    const base = validateDefinition(miniDefinition());
    if (!base.ok) throw new Error('the mini definition must be valid');
    const overlay = {
      extends: 'resettlement',
      country: 'KE',
      timeZone: 'Africa/Nairobi',
      changes: Array(MAX_STEPS + 1).fill({ remove: 'x' }),
    };
    expect(resolveDefinition(overlay, () => base.definition).problems).toEqual([
      { path: 'changes', message: `has more than ${MAX_STEPS} entries, the most allowed` },
    ]);
  });
});

describe('did you mean', () => {
  it('stops a distance as soon as it exceeds the limit', () => {
    expect(levenshtein('interveiw', 'interview', 2)).toBe(2);
    expect(levenshtein('a'.repeat(10_000), 'b'.repeat(10_000), 2)).toBe(3);
    expect(levenshtein('short', 'x'.repeat(10_000), 2)).toBe(3);
  });

  it('still suggests typos, and never for words longer than a name may be', () => {
    expect(closest('interveiw', ['interview', 'approval'])).toBe('interview');
    expect(closest('Africa/Nairobbi', ['Africa/Nairobi', 'Europe/Berlin'])).toBe('Africa/Nairobi');
    expect(closest('x'.repeat(MAX_NAME_LENGTH + 1), ['x'.repeat(MAX_NAME_LENGTH)])).toBeUndefined();
    expect(closest('interview', ['i'.repeat(30_000)])).toBeUndefined();
  });
});

describe('sources over the limits', () => {
  it('an alias bomb is refused with a plain problem', () => {
    expect(parseDefinitionText(ALIAS_BOMB)).toEqual({
      ok: false,
      refused: true,
      problems: [{ path: '', message: expect.stringContaining('aliases') }],
    });
  });

  it('ordinary aliases are fine, and an unresolved alias is a syntax problem', () => {
    expect(parseDefinitionText('a: &a [x]\nb: *a\nc: *a\n')).toEqual({
      ok: true,
      source: { a: ['x'], b: ['x'], c: ['x'] },
    });
    expect(parseDefinitionText('b: *nowhere\n')).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringContaining('not valid YAML') }],
    });
    expect(parseDefinitionText('b: *nowhere\n')).not.toHaveProperty('refused');
  });

  it('a key twice in one mapping is still a syntax problem with its line', () => {
    expect(parseDefinitionText('id: a\ntitle: A\nid: b\n')).toEqual({
      ok: false,
      problems: [{ path: 'line 3', message: 'is not valid YAML: the key "id" appears twice in one mapping' }],
    });
  });

  it('a mapping or list longer than any the language has is refused with its path', () => {
    const keys = Array.from({ length: MAX_LIST_ENTRIES + 1 }, (_, i) => `k${i}: x`).join(', ');
    expect(parseDefinitionText(`steps:\n  - { id: a, outcomes: { ${keys} } }\n`)).toEqual({
      ok: false,
      refused: true,
      problems: [
        {
          path: 'steps[0].outcomes',
          message: `has ${MAX_LIST_ENTRIES + 1} entries; a mapping may have at most ${MAX_LIST_ENTRIES}`,
        },
      ],
    });
    expect(checkSourceShape({ steps: Array(MAX_STEPS + 1).fill({}) })).toMatchObject({
      ok: false,
      refused: true,
      problems: [{ path: 'steps' }],
    });
  });

  it('a source too large or nested too deep is refused', () => {
    expect(parseDefinitionText(`# ${'x'.repeat(MAX_SOURCE_CHARS)}`)).toMatchObject({
      ok: false,
      refused: true,
    });
    const deep = `${'['.repeat(MAX_SOURCE_DEPTH + 1)}${']'.repeat(MAX_SOURCE_DEPTH + 1)}`;
    expect(parseDefinitionText(deep)).toMatchObject({
      ok: false,
      refused: true,
      problems: [{ message: expect.stringContaining(`${MAX_SOURCE_DEPTH} levels`) }],
    });
    expect(parseDefinitionText(`${'['.repeat(50_000)}${']'.repeat(50_000)}`)).toMatchObject({
      ok: false,
      refused: true,
    });
    let nested: unknown = {};
    for (let i = 0; i < 10_000; i += 1) nested = { steps: [nested] };
    expect(checkSourceShape(nested)).toMatchObject({ ok: false, refused: true });
    expect(checkSourceShape(miniDefinition())).toEqual({ ok: true, source: miniDefinition() });
  });
});
