// The one shape every validation problem takes: a path into the definition and a plain
// reason a program manager can act on. Zod's structural errors are converted to it too.
import type { ZodError, ZodIssue } from 'zod';
import { MAX_NAME_LENGTH, MAX_PROBLEMS } from './limits';
import { ownValue } from './own';
import { Overlay } from './overlay-schema';
import {
  ApprovalStep,
  EndStep,
  Field,
  Notification,
  ResolvedDefinition,
  TaskStep,
  TimerStep,
  WaitStep,
} from './schema';
import { suggestion } from './suggest';

// Re-exported: validation modules take their did-you-mean from here with the rest.
export { closest, levenshtein, suggestion, withSuggestionBudget } from './suggest';

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
  constructor(
    readonly problems: Problem[],
    context?: string,
  ) {
    super(
      `${context ? `${context}: ` : ''}${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((problem) => `  ${formatProblem(problem)}`).join('\n'),
    );
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
      return [
        {
          path,
          message: `must be ${issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}, not ${issue.received}`,
        },
      ];
    case 'invalid_enum_value':
      return [
        {
          path,
          message: `${show(value)} is not one of ${issue.options.join(', ')}${suggestion(typeof value === 'string' ? value : show(value), issue.options.map(String))}`,
        },
      ];
    case 'invalid_literal':
      return [{ path, message: `must be ${show(issue.expected)}` }];
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: unknownKeyMessage(key, value, issue.path.length),
      }));
    case 'invalid_union_discriminator':
      return [
        {
          path,
          message: `${show(value)} is not one of ${issue.options.map(String).join(', ')}${suggestion(typeof value === 'string' ? value : show(value), issue.options.map(String))}`,
        },
      ];
    case 'invalid_string':
      return [{ path, message: `${show(value)} ${issue.message}` }];
    case 'too_small':
      if (issue.type === 'array')
        return [
          { path, message: `needs at least ${issue.minimum} entr${issue.minimum === 1 ? 'y' : 'ies'}` },
        ];
      if (issue.type === 'string') return [{ path, message: 'must not be empty' }];
      return [{ path, message: issue.message }];
    case 'too_big':
      if (issue.type === 'array')
        return [{ path, message: `has more than ${issue.maximum} entries, the most allowed` }];
      if (issue.type === 'string')
        return [{ path, message: `is longer than ${issue.maximum} characters, the most allowed` }];
      return [{ path, message: issue.message }];
    case 'invalid_union':
      return unionIssue(issue.unionErrors, input, path);
    default:
      return [{ path, message: issue.message }];
  }
}

// Property names by where they appear, for "did you mean" on a misspelt one.
const STEP_PROPERTIES = new Map(
  [TaskStep, ApprovalStep, WaitStep, TimerStep, EndStep].map((schema) => [
    schema.shape.kind.value as string,
    Object.keys(schema.shape),
  ]),
);
const TOP_PROPERTIES = [
  ...new Set([...Object.keys(ResolvedDefinition.shape), ...Object.keys(Overlay.shape)]),
];
const OTHER_PROPERTIES = [...new Set([Field, Notification].flatMap((schema) => Object.keys(schema.shape)))];

function unknownKeyMessage(key: string, owner: unknown, depth: number): string {
  const kind = owner && typeof owner === 'object' ? (owner as { kind?: unknown }).kind : undefined;
  if (key === 'outcomes' && kind === 'end') return 'an end step closes the case and cannot have outcomes';
  const known =
    (typeof kind === 'string' && STEP_PROPERTIES.get(kind)) ||
    (depth === 0 ? TOP_PROPERTIES : OTHER_PROPERTIES);
  return `is not a property here${suggestion(key, known)}`;
}

/** A union failed: report the branch that got furthest, so the reason is specific. */
function unionIssue(branches: ZodError[], input: unknown, path: string): Problem[] {
  const ranked = branches
    .map((branch) => ({ branch, depth: Math.max(...branch.issues.map((issue) => issue.path.length)) }))
    .filter(
      ({ branch }) =>
        !branch.issues.every((issue) => issue.code === 'invalid_type' && formatPath(issue.path) === path),
    )
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
    const bounded =
      issue.code === 'unrecognized_keys' ? { ...issue, keys: issue.keys.slice(0, MAX_PROBLEMS) } : issue;
    for (const problem of plainIssue(bounded, input))
      problems.push({ ...problem, path: joinPath(prefix, problem.path) });
  }
  return problems;
}

/** At most MAX_PROBLEMS problems; past that, one more that says how many were left out. */
export function capProblems(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    { path: '', message: `and more problems: only the first ${MAX_PROBLEMS} are listed` },
  ];
}
