// Validation cost: the worst bodies the API accepts (within definitions/limits.ts: 200,000
// characters, 100 alias copies, nesting 64) parsed and validated as POST /v1/definitions/validate
// does, in this process, no servers. Each body is validated several times; the worst time counts.
// The target (issue 10): under 1 s for any accepted body, so validation never stalls the API.
import { MAX_LIST_ENTRIES, MAX_NAME_LENGTH, MAX_SOURCE_CHARS, MAX_STEPS } from '../definitions/limits';
import { validateDefinition } from '../definitions/validate';
import { parseDefinitionText, resolveDefinition } from '../definitions/source';
import type { ResolvedDefinition } from '../definitions/schema';
import { printTable } from './bundle';

const RUNS = 5;

/** A 64-character id, all alike but for the number at the end: suggestions get no early exit. */
const id = (n: number) => `s${'a'.repeat(MAX_NAME_LENGTH - 6)}_${String(n).padStart(4, '0')}`;
/** One edit from id(n), and within three edits of many others. */
const typo = (n: number) =>
  `s${'a'.repeat(MAX_NAME_LENGTH - 6)}_${String(n).padStart(4, '0').replace(/.$/, 'x')}`;

function filled(head: string[], line: (i: number) => string, tail: string[] = []): string {
  const lines = [...head];
  let size = [...head, ...tail].join('\n').length;
  for (let i = 0; ; i += 1) {
    const next = line(i);
    if (size + next.length + 1 > MAX_SOURCE_CHARS - 10) break;
    lines.push(next);
    size += next.length + 1;
  }
  return [...lines, ...tail].join('\n');
}

/** The issue's body: a 30,000-character step id in a 60 KB definition. */
function longIds(): string {
  const long = `a${'b'.repeat(30_000)}`;
  return [
    'id: huge',
    'program: resettlement',
    'title: Huge',
    'roles: [caseworker]',
    `start: ${long}`,
    'steps:',
    `  - { id: ${long}x, kind: task, title: T, owner: ${long}, outcomes: { done: ${long} } }`,
    '  - { id: done, kind: end, title: Done, reason: done }',
  ].join('\n');
}

/** The most steps, every outcome a typo of a step id: as many suggestions as fit in the size limit. */
function manyTypos(): string {
  const steps = Array.from({ length: MAX_STEPS }, (_, i) => i);
  let outcome = 0;
  return filled(
    [
      'id: typos',
      'program: resettlement',
      'title: Typos',
      'roles: [caseworker]',
      `start: ${id(0)}`,
      'steps:',
    ],
    (i) => {
      if (i >= MAX_STEPS) return 'x'.repeat(MAX_SOURCE_CHARS);
      const step = steps[i % MAX_STEPS] ?? 0;
      const outcomes = Array.from(
        { length: MAX_LIST_ENTRIES },
        () => `o${(outcome += 1)}: ${typo((outcome * 7) % MAX_STEPS)}`,
      );
      return `  - { id: ${id(step)}, kind: task, title: T, owner: caseworker, outcomes: { ${outcomes.join(', ')} } }`;
    },
  );
}

/** Steps full of unknown properties (each with a "did you mean"), as many as fit, and 99 alias copies of one more. */
function unknownKeys(): string {
  const keys = (step: number) =>
    Array.from({ length: MAX_LIST_ENTRIES - 6 }, (_, k) => `titel_${step}_${k}: x`).join(', ');
  const head = [
    'id: keys',
    'program: resettlement',
    'title: Keys',
    'roles: [caseworker]',
    'start: s0',
    `x: &s { id: s, kind: task, title: T, owner: caseworker, outcomes: { a: s }, ${keys(0)} }`,
    'steps:',
    ...Array(99).fill('  - *s'),
  ];
  return filled(head, (i) =>
    i + 99 >= MAX_STEPS
      ? 'x'.repeat(MAX_SOURCE_CHARS)
      : `  - { id: s${i}, kind: task, title: T, owner: caseworker, outcomes: { a: s }, ${keys(i)} }`,
  );
}

/** The biggest valid definition: the most steps, each with fields, reminders and outcomes. */
function largestValid(): string {
  const count = 120;
  const lines = [
    'id: large',
    'program: resettlement',
    'title: Large',
    'roles: [caseworker, supervisor]',
    `start: ${id(0)}`,
    'steps:',
  ];
  for (let i = 0; i < count; i += 1) {
    const next = i + 1 < count ? id(i + 1) : 'closed';
    const fields = Array.from({ length: 8 }, (_, f) => `{ name: field_${f}, type: string }`).join(', ');
    const reminders = Array.from(
      { length: 6 },
      (_, r) => `{ id: r${r}, kind: overdue, every: P${r + 1}D, limit: 3 }`,
    ).join(', ');
    lines.push(
      `  - { id: ${id(i)}, kind: task, title: Step ${i}, owner: caseworker, due: P10Y, fields: [${fields}], reminders: [${reminders}], outcomes: { done: ${next}${i > 0 ? `, back: ${id(i - 1)}` : ''} } }`,
    );
  }
  lines.push('  - { id: closed, kind: end, title: Closed, reason: done }');
  return lines.join('\n');
}

/** An overlay of the most changes, each naming a misspelt step of a 200-step base. */
function overlayTypos(): { text: string; base: ResolvedDefinition } {
  const base = validateDefinition({
    id: 'wide',
    program: 'resettlement',
    title: 'Wide',
    roles: ['caseworker'],
    start: id(0),
    steps: [
      ...Array.from({ length: MAX_STEPS - 1 }, (_, i) => ({
        id: id(i),
        kind: 'task',
        title: 'T',
        owner: 'caseworker',
        outcomes: { done: i + 1 < MAX_STEPS - 1 ? id(i + 1) : 'closed' },
      })),
      { id: 'closed', kind: 'end', title: 'Closed', reason: 'done' },
    ],
  });
  if (!base.ok) throw new Error(`the wide base is invalid: ${base.problems[0]?.message}`);
  const changes = Array.from(
    { length: MAX_STEPS },
    (_, i) => `  - { change: ${typo(i)}, set: { outcomes: { done: ${typo(i + 1)} } } }`,
  );
  return {
    text: ['extends: wide', 'country: KE', 'timeZone: Africa/Nairobbi', 'changes:', ...changes].join('\n'),
    base: base.definition,
  };
}

function timed(text: string, base?: ResolvedDefinition): { ms: number; problems: number } {
  let worst = 0;
  let problems = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const parsed = parseDefinitionText(text);
    const result = parsed.ok ? resolveDefinition(parsed.source, () => base) : parsed;
    worst = Math.max(worst, performance.now() - started);
    problems = result.problems.length;
  }
  return { ms: Math.round(worst), problems };
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<Record<string, string | number>> {
  const overlay = overlayTypos();
  const bodies: [string, string, ResolvedDefinition?][] = [
    ['30,000-character ids (the issue)', longIds()],
    ['200 steps, every outcome a typo', manyTypos()],
    ['unknown properties, 99 alias copies', unknownKeys()],
    ['largest valid definition', largestValid()],
    ['overlay: 200 misspelt changes', overlay.text, overlay.base],
  ];
  const rows = bodies.map(([name, text, base]) => ({
    body: name,
    characters: text.length,
    ...timed(text, base),
  }));
  printTable(
    `Validation, worst of ${RUNS} runs each`,
    rows.map((r) => ({ ...r, ms: r.ms })),
  );
  const worst = Math.max(...rows.map((r) => r.ms));
  return { worstMs: worst, target: '< 1000 ms', met: worst < 1000 ? 'yes' : 'no' };
}
