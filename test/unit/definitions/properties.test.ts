// Property: definition validation answers any input with a result, never an exception —
// arbitrary text (YAML, JSON, garbage), arbitrary JSON structures, and the sample definition
// with any part replaced by anything, within bounded sizes. A failed validation always has
// problems, each a path and a non-empty message of bounded length; a passed one has none
// and gives a definition the schema accepts.
import fc from 'fast-check';
import { MAX_PROBLEMS } from '../../../definitions/limits';
import { levenshtein } from '../../../definitions/problems';
import { ResolvedDefinition } from '../../../definitions/schema';
import { parseDefinitionText, resolveDefinition } from '../../../definitions/source';
import type { ValidationResult } from '../../../definitions/validate';
import { validateDefinition } from '../../../definitions/validate';
import { miniDefinition } from './support/mini';

const base = validateDefinition(miniDefinition());
if (!base.ok) throw new Error('the mini definition must be valid');
const findBase = (id: string) => (id === 'resettlement' ? base.definition : undefined);

/** Validates as the API does: text or a parsed source, overlays against the mini base. */
function validateAnything(
  input: { text: string } | { source: unknown },
): ValidationResult | { ok: false; problems: { path: string; message: string }[] } {
  if ('text' in input) {
    const parsed = parseDefinitionText(input.text);
    return parsed.ok ? resolveDefinition(parsed.source, findBase, ['resettlement']) : parsed;
  }
  return resolveDefinition(input.source, findBase, ['resettlement']);
}

function assertAnswer(result: ReturnType<typeof validateAnything>): void {
  if (result.ok) {
    expect(result.problems).toEqual([]);
    expect(ResolvedDefinition.safeParse(result.definition).success).toBe(true);
    return;
  }
  expect(result.problems.length).toBeGreaterThan(0);
  expect(result.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
  for (const problem of result.problems) {
    expect(typeof problem.path).toBe('string');
    expect(problem.message.length).toBeGreaterThan(0);
    expect(`${problem.path}: ${problem.message}`.length).toBeLessThan(2_000);
  }
}

const YAML_TOKENS = [
  'a',
  'id',
  'steps',
  'kind',
  'task',
  'outcomes',
  'extends',
  'resettlement',
  'changes',
  'add',
  'remove',
  'change',
  ':',
  ': ',
  ' ',
  '  ',
  '\n',
  '- ',
  '&x ',
  '*x',
  '&y ',
  '*y',
  '[',
  ']',
  '{',
  '}',
  ',',
  '"',
  "'",
  '!!str ',
  '!!binary ',
  '|',
  '>',
  '#',
  '<<: ',
  '---\n',
  '...\n',
  '\t',
  '? ',
  '%YAML 1.2\n',
  'null',
  '~',
  '1e999',
  '0x1F',
  '.inf',
  '2026-01-01',
  'constructor',
  '__proto__',
  'P1D',
  'P20000Y',
];
const jsonKeys = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'id',
    'steps',
    'kind',
    'outcomes',
    'extends',
    'changes',
  ),
);
const anyJson = fc.jsonValue({ maxDepth: 5 });
const anyObject = fc.dictionary(jsonKeys, anyJson, { maxKeys: 8 });

describe('definition validation under arbitrary input', () => {
  it('answers any text with problems or a definition, never an exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.array(fc.constantFrom(...YAML_TOKENS), { maxLength: 80 }).map((tokens) => tokens.join('')),
          fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value)),
        ),
        (text) => assertAnswer(validateAnything({ text })),
      ),
      { numRuns: 800 },
    );
  });

  it('answers any JSON structure, with inherited names as keys, the same way', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyJson,
          anyObject,
          anyObject.map((o) => ({ ...o, extends: 'resettlement', country: 'KE', timeZone: 'UTC' })),
        ),
        (source) => assertAnswer(validateAnything({ source })),
      ),
      { numRuns: 600 },
    );
  });

  it('answers the sample definition, or an overlay of it, with any one part replaced by anything', () => {
    const definition = miniDefinition();
    const overlay = {
      extends: 'resettlement',
      country: 'KE',
      timeZone: 'Africa/Nairobi',
      roles: ['officer'],
      changes: [
        {
          add: {
            id: 'screening',
            kind: 'task',
            title: 'S',
            owner: 'officer',
            outcomes: { cleared: 'closed' },
          },
          after: 'approval',
        },
        { change: 'interview', set: { due: { normal: 'P60D' }, outcomes: { completed: 'screening' } } },
        { remove: 'follow_up_wait' },
      ],
    };
    const paths = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
      if (value === null || typeof value !== 'object') return [prefix];
      return [
        prefix,
        ...Object.entries(value).flatMap(([key, child]) =>
          paths(child, [...prefix, Array.isArray(value) ? Number(key) : key]),
        ),
      ];
    };
    const replaced = (source: object, path: (string | number)[], value: unknown): unknown => {
      const copy = JSON.parse(JSON.stringify(source)) as Record<string | number, unknown>;
      if (path.length === 0) return value;
      let at = copy;
      for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
      Object.defineProperty(at, path[path.length - 1]!, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return copy;
    };
    const targets = [
      ...paths(definition).map((p) => ({ source: definition, path: p })),
      ...paths(overlay).map((p) => ({ source: overlay as object, path: p })),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...targets),
        fc.oneof(
          anyJson,
          anyObject,
          fc.constantFrom('constructor', '__proto__', 'P20000Y', 'x'.repeat(5000)),
        ),
        ({ source, path }, value) =>
          assertAnswer(validateAnything({ source: replaced(source, path, value) })),
      ),
      { numRuns: 800 },
    );
  });

  it('bounds the suggestion distance exactly as the unbounded distance would', () => {
    const naive = (a: string, b: string): number => {
      const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
      for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          rows[i]![j] = Math.min(
            rows[i - 1]![j]! + 1,
            rows[i]![j - 1]! + 1,
            rows[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
          );
        }
      }
      return rows[a.length]![b.length]!;
    };
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 5 }), (a, b, limit) => {
        expect(levenshtein(a, b, limit)).toBe(Math.min(naive(a, b), limit + 1));
      }),
      { numRuns: 2000 },
    );
  });
});
