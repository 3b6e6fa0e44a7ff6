// Maps one submission (a Kobo / ODK REST-service JSON, or a CSV row) through an intake mapping to
// the body the start-case service takes, or to problems. Problems name the mapping path and the
// question, never an answer's value: they are shown to managers and stored unsealed. Pure.
import { createHash } from 'node:crypto';
import type { Problem } from '../../definitions/problems';
import { StartCaseBody } from '../schemas/cases';
import type { FieldRule, IntakeMapping } from './mapping';

/** A submission as received: question names (`group/question`) and metadata (`_uuid`) to answers. */
export type Submission = Record<string, unknown>;

export type Mapped =
  { ok: true; body: StartCaseBody; stepData: Record<string, string> } | { ok: false; problems: Problem[] };

type Lookup = { found: true; value: string } | { found: false; problem?: Problem };

/** The answer to a question as text; an own property only (names come from outside). */
export function answerOf(submission: Submission, name: string): string | undefined {
  if (!Object.hasOwn(submission, name)) return undefined;
  const value = submission[name];
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The identity of a submission: its key answer (Kobo `_uuid`), else undefined. */
export function submissionKey(mapping: IntakeMapping, submission: Submission): string | undefined {
  return answerOf(submission, mapping.key);
}

/** A non-personal default reference: `<source>-<uuid>` for a UUID key, else a hash of the key. */
export function defaultReference(source: string, key: string): string {
  const id = /^[0-9a-fA-F-]{36}$/.test(key) ? key.toLowerCase() : hashOf(key).slice(0, 24);
  return `${source}-${id}`.slice(0, 64);
}

/** sha256 hex of a text. */
export function hashOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function resolve(rule: FieldRule, path: string, answers: (name: string) => string | undefined): Lookup {
  if (rule.value !== undefined) return { found: true, value: rule.value };
  const question = rule.answer!;
  const raw = answers(question) ?? rule.default;
  if (raw === undefined)
    return rule.required
      ? { found: false, problem: { path, message: `the answer to "${question}" is missing` } }
      : { found: false };
  if (!rule.map) return { found: true, value: raw };
  if (Object.hasOwn(rule.map, raw)) return { found: true, value: rule.map[raw]! };
  return {
    found: false,
    problem: {
      path: `${path}.map`,
      message: `the answer to "${question}" is a choice the map does not list`,
    },
  };
}

function resolveAll(
  rules: Record<string, FieldRule | undefined>,
  prefix: string,
  answers: (name: string) => string | undefined,
  problems: Problem[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, rule] of Object.entries(rules)) {
    if (!rule) continue;
    const got = resolve(rule, `${prefix}.${field}`, answers);
    if (got.found) out[field] = got.value;
    else if (got.problem) problems.push(got.problem);
  }
  return out;
}

function dependantsOf(mapping: IntakeMapping, submission: Submission, problems: Problem[]) {
  const group = mapping.dependants;
  if (!group) return undefined;
  const items = Object.hasOwn(submission, group.repeat) ? submission[group.repeat] : undefined;
  if (items === undefined) return undefined;
  if (!Array.isArray(items)) {
    problems.push({
      path: 'dependants.repeat',
      message: `"${group.repeat}" is not a repeat group (an array)`,
    });
    return undefined;
  }
  return items.map((item: unknown, index) => {
    const entry = item && typeof item === 'object' && !Array.isArray(item) ? (item as Submission) : {};
    // Kobo keys a repeat's answers by their full path (`group/repeat/question`); ODK exports may not.
    const answers = (name: string) => answerOf(entry, `${group.repeat}/${name}`) ?? answerOf(entry, name);
    return resolveAll(group.fields, `dependants[${index}].fields`, answers, problems);
  });
}

// Start-case paths back to mapping paths: applicant.dependants[2].birthDate → dependants[2].fields.birthDate.
function mappingPath(segments: (string | number)[]): string {
  const [head, second, index, field] = segments;
  if (head === 'applicant' && second === 'dependants' && typeof index === 'number')
    return `dependants[${index}].fields${field === undefined ? '' : `.${String(field)}`}`;
  if (head === 'applicant' || head === 'partners') return segments.join('.');
  return segments.length ? `case.${segments.join('.')}` : 'case';
}

/** Maps a submission to a start-case body (validated by the API's own schema) and step data, or problems. */
export function mapSubmission(mapping: IntakeMapping, submission: Submission, source: string): Mapped {
  const problems: Problem[] = [];
  if (mapping.form !== undefined && answerOf(submission, '_xform_id_string') !== mapping.form)
    problems.push({ path: 'form', message: 'the submission is of another form (_xform_id_string)' });
  const key = submissionKey(mapping, submission);
  if (!key) problems.push({ path: 'key', message: `the answer to "${mapping.key}" is missing` });
  const answers = (name: string) => answerOf(submission, name);
  const caseFields = resolveAll(mapping.case, 'case', answers, problems);
  const applicant = resolveAll(mapping.applicant, 'applicant', answers, problems);
  const dependants = dependantsOf(mapping, submission, problems);
  const stepData = resolveAll(mapping.stepData ?? {}, 'stepData', answers, problems);
  const partners = mapping.partners.map((partner, index) => {
    const consent = partner.consent
      ? resolve(partner.consent, `partners[${index}].consent`, answers)
      : ({ found: false } as Lookup);
    if (!consent.found && consent.problem) problems.push(consent.problem);
    const purposes = consent.found && consent.value !== '' ? [consent.value] : [];
    return { partnerId: partner.partnerId, role: partner.role, consent: purposes };
  });
  if (problems.length > 0) return { ok: false, problems };
  const parsed = StartCaseBody.safeParse({
    ...caseFields,
    reference: caseFields.reference ?? defaultReference(source, key!),
    partners,
    applicant: { ...applicant, ...(dependants?.length ? { dependants } : {}) },
  });
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        path: mappingPath(issue.path),
        message: issue.message.replace(/,? received '[^']*'/g, ''),
      })),
    };
  return { ok: true, body: parsed.data, stepData };
}
