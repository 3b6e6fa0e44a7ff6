// The one shape every validation problem takes: a path into the definition and a plain
// reason a program manager can act on. Zod's structural errors are converted to it too.
import type { ZodError, ZodIssue } from 'zod';
import { MAX_NAME_LENGTH, MAX_PROBLEMS, MAX_SUGGESTION_DISTANCE } from './limits';
import { ownValue } from './own';
import { Overlay } from './overlay-schema';
import { ApprovalStep, EndStep, Field, Notification, ResolvedDefinition, TaskStep, TimerStep, WaitStep } from './schema';

/** One problem in a definition: where (`steps[4].outcomes.approved`) and why, in plain words. */
export interface Problem {
  path: string;
  message: string;
  /** The file the problem is in, when definitions were read from files. */
  file?: string;
  /** A warning: valid, but probably not meant; it does not stop publishing. */
  severity?: 'warning';
}

/** Thrown when definitions do not validate; carries every problem, not just the first. */
export class DefinitionError extends Error {
  constructor(readonly problems: Problem[], context?: string) {
    super(`${context ? `${context}: ` : ''}${problems.length} problem${problems.length === 1 ? '' : 's'}\n`
      + problems.map((problem) => `  ${formatProblem(problem)}`).join('\n'));
    this.name = 'DefinitionError';
  }
}

/** `file: path: message`, leaving out what is unknown. */
export function formatProblem(problem: Problem): string {
  const where = problem.path ? `${problem.path}: ` : '';
  return `${problem.severity === 'warning' ? 'warning: ' : ''}${problem.file ? `${problem.file}: ` : ''}${where}${problem.message}`;
}

/** Renders a path the way a person reads it: steps[4].outcomes.approved. */
export function formatPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number') return `${path}[${segment}]`;
    // A key longer than any name may be is cut short: a problem never echoes oversized text back.
    const key = segment.length > MAX_NAME_LENGTH ? `${segment.slice(0, 40)}…` : segment;
    return path ? `${path}.${key}` : key;
  }, '');
}

/** Joins a path prefix and a relative path: ('steps[2]', 'owner') → steps[2].owner. */
export function joinPath(prefix: string, rest: string): string {
  if (!prefix) return rest;
  if (!rest) return prefix;
  return rest.startsWith('[') ? `${prefix}${rest}` : `${prefix}.${rest}`;
}

/**
 * Edit distance between two words (insertions, deletions, substitutions), or `limit + 1` as
 * soon as it is certain to exceed `limit`. Only the diagonal band of width `limit` is
 * computed, so the work is about length × limit, whatever the words.
 */
export function levenshtein(a: string, b: string, limit = Math.max(a.length, b.length)): number {
  const over = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return over;
  // Two rows, reused: cells outside the band stay at `over`.
  let previous = new Int32Array(b.length + 1).fill(over);
  let current = new Int32Array(b.length + 1).fill(over);
  for (let j = 0; j <= Math.min(b.length, limit); j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    current[from - 1] = from === 1 && i <= limit ? i : over;
    let rowMinimum = current[from - 1] ?? over;
    for (let j = from; j <= to; j++) {
      const substitution = (previous[j - 1] ?? over) + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      const cell = Math.min((previous[j] ?? over) + 1, (current[j - 1] ?? over) + 1, substitution, over);
      current[j] = cell;
      if (cell < rowMinimum) rowMinimum = cell;
    }
    if (to < b.length) current[to + 1] = over;
    if (rowMinimum > limit) return over;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length] ?? over, over);
}

/**
 * The closest candidate to a misspelt word, if it is close enough to be a likely typo. Only
 * names of a possible length (MAX_NAME_LENGTH) and candidates within the tolerance in length
 * are compared, each with a distance bounded by the tolerance (at most three edits): a
 * suggestion costs at most candidates × 64 × 7 steps, however long the text sent.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length === 0 || word.length > MAX_NAME_LENGTH) return undefined;
  // Short words only forgive one slip, so "sw" is not taken for "en"; none more than three.
  const tolerance = Math.min(MAX_SUGGESTION_DISTANCE, Math.max(word.length >= 5 ? 2 : 1, Math.floor(word.length / 3)));
  const lower = word.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === word) return undefined;
    if (Math.abs(candidate.length - word.length) > tolerance) continue;
    const other = candidate.toLowerCase();
    const distance = levenshtein(lower, other, tolerance) + (other === lower ? 0.5 : 0);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= tolerance ? best.candidate : undefined;
}

// How many more suggestions the validation under way may compute (see withSuggestionBudget).
let suggestionsLeft = Number.POSITIVE_INFINITY;

/**
 * Runs a validation that computes at most `count` suggestions: problems past the ones a person
 * is shown still get reported, without a "did you mean". Validation is synchronous, so the
 * budget belongs to the one under way; a nested validation gets its own and gives it back.
 */
export function withSuggestionBudget<T>(count: number, work: () => T): T {
  const saved = suggestionsLeft;
  suggestionsLeft = count;
  try {
    return work();
  } finally {
    suggestionsLeft = saved;
  }
}

/** ` — did you mean "interview"?` or nothing. */
export function suggestion(word: string, candidates: Iterable<string>): string {
  if (suggestionsLeft <= 0) return '';
  suggestionsLeft -= 1;
  const match = closest(word, candidates);
  return match ? ` — did you mean "${match}"?` : '';
}

function valueAt(input: unknown, segments: readonly (string | number)[]): unknown {
  let value = input;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = ownValue(value as Record<string, unknown>, String(segment));
  }
  return value;
}

/** A value quoted in a message, cut short: a problem never echoes a whole oversized value back. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 60)}… (${text.length} characters)` : text;
}

function plainIssue(issue: ZodIssue, input: unknown): Problem[] {
  const path = formatPath(issue.path);
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined') return [{ path, message: 'is required' }];
      return [{ path, message: `must be ${issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}, not ${issue.received}` }];
    case 'invalid_enum_value':
      return [{ path, message: `${show(value)} is not one of ${issue.options.join(', ')}${suggestion(typeof value === 'string' ? value : show(value), issue.options.map(String))}` }];
    case 'invalid_literal':
      return [{ path, message: `must be ${show(issue.expected)}` }];
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: unknownKeyMessage(key, value, issue.path.length) }));
    case 'invalid_union_discriminator':
      return [{ path, message: `${show(value)} is not one of ${issue.options.map(String).join(', ')}${suggestion(typeof value === 'string' ? value : show(value), issue.options.map(String))}` }];
    case 'invalid_string':
      return [{ path, message: `${show(value)} ${issue.message}` }];
    case 'too_small':
      if (issue.type === 'array') return [{ path, message: `needs at least ${issue.minimum} entr${issue.minimum === 1 ? 'y' : 'ies'}` }];
      if (issue.type === 'string') return [{ path, message: 'must not be empty' }];
      return [{ path, message: issue.message }];
    case 'too_big':
      if (issue.type === 'array') return [{ path, message: `has more than ${issue.maximum} entries, the most allowed` }];
      if (issue.type === 'string') return [{ path, message: `is longer than ${issue.maximum} characters, the most allowed` }];
      return [{ path, message: issue.message }];
    case 'invalid_union':
      return unionIssue(issue.unionErrors, input, path);
    default:
      return [{ path, message: issue.message }];
  }
}

// Property names by where they appear, for "did you mean" on a misspelt one.
const STEP_PROPERTIES = new Map(
  [TaskStep, ApprovalStep, WaitStep, TimerStep, EndStep].map((schema) => [schema.shape.kind.value as string, Object.keys(schema.shape)]),
);
const TOP_PROPERTIES = [...new Set([...Object.keys(ResolvedDefinition.shape), ...Object.keys(Overlay.shape)])];
const OTHER_PROPERTIES = [...new Set([Field, Notification].flatMap((schema) => Object.keys(schema.shape)))];

function unknownKeyMessage(key: string, owner: unknown, depth: number): string {
  const kind = owner && typeof owner === 'object' ? (owner as { kind?: unknown }).kind : undefined;
  if (key === 'outcomes' && kind === 'end') return 'an end step closes the case and cannot have outcomes';
  const known = (typeof kind === 'string' && STEP_PROPERTIES.get(kind)) || (depth === 0 ? TOP_PROPERTIES : OTHER_PROPERTIES);
  return `is not a property here${suggestion(key, known)}`;
}

/** A union failed: report the branch that got furthest, so the reason is specific. */
function unionIssue(branches: ZodError[], input: unknown, path: string): Problem[] {
  const ranked = branches
    .map((branch) => ({ branch, depth: Math.max(...branch.issues.map((issue) => issue.path.length)) }))
    .filter(({ branch }) => !branch.issues.every((issue) => issue.code === 'invalid_type' && formatPath(issue.path) === path))
    .sort((a, b) => b.depth - a.depth);
  const best = ranked[0];
  if (!best) return [{ path, message: 'has the wrong shape' }];
  return best.branch.issues.flatMap((issue) => plainIssue(issue, input));
}

/** Converts zod's issues to problems, with plain messages and the offending value quoted. */
export function problemsFromZod(error: ZodError, input: unknown, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    if (problems.length > MAX_PROBLEMS) break;
    const bounded = issue.code === 'unrecognized_keys' ? { ...issue, keys: issue.keys.slice(0, MAX_PROBLEMS) } : issue;
    for (const problem of plainIssue(bounded, input)) problems.push({ ...problem, path: joinPath(prefix, problem.path) });
  }
  return problems;
}

/** At most MAX_PROBLEMS problems; past that, one more that says how many were left out. */
export function capProblems(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), { path: '', message: `and more problems: only the first ${MAX_PROBLEMS} are listed` }];
}
