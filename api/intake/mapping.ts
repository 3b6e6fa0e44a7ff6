// An intake mapping: which answers of a form (a KoboToolbox / ODK submission, or a CSV row) become
// a case's program, country, priority, reference, applicant, dependants and step data. Written in
// YAML, validated with zod; every problem has a path into the mapping. Pure: no I/O.
import { z } from 'zod';
import { PARTNER_ROLES } from '../../definitions/vocabulary';
import { formatPath, type Problem } from '../../definitions/problems';
import { readYaml } from '../../definitions/yaml';

const MAX_MAPPING_CHARS = 50_000;

/** A question's name as Kobo keys it: `group/question`, letters, digits, _ . - only. */
const AnswerName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z_][A-Za-z0-9_.\-/]*$/, { message: 'must be a question name such as group/question' });

const Choice = z.string().max(200);

/** One mapped value: an answer (optionally through a value map) or a constant; a default; required. */
export const FieldRule = z
  .object({
    answer: AnswerName.optional(),
    value: Choice.optional(),
    /** Choice names (Kobo `name` of a choice) → the value Pathways expects. */
    map: z.record(Choice, Choice).optional(),
    default: Choice.optional(),
    required: z.boolean().default(false),
  })
  .strict()
  .refine((rule) => (rule.answer === undefined) !== (rule.value === undefined), {
    message: 'give either answer (a question name) or value (a constant)',
  })
  .refine((rule) => rule.answer !== undefined || (rule.map === undefined && rule.default === undefined), {
    message: 'map and default belong to an answer, not to a constant value',
  });
export type FieldRule = z.infer<typeof FieldRule>;

const APPLICANT_FIELDS = [
  'givenName',
  'familyName',
  'sex',
  'nationality',
  'registrationNumber',
  'phone',
  'email',
  'address',
  'language',
  'birthDate',
] as const;
const DEPENDANT_FIELDS = ['givenName', 'familyName', 'relationship', 'birthDate'] as const;

const fieldsOf = <K extends string>(names: readonly K[]) =>
  z
    .object(
      Object.fromEntries(names.map((name) => [name, FieldRule.optional()])) as Record<
        K,
        z.ZodOptional<typeof FieldRule>
      >,
    )
    .strict();

export const IntakeMapping = z
  .object({
    /** The form (Kobo `_xform_id_string`) this mapping accepts; other forms are refused. */
    form: z.string().min(1).max(200).optional(),
    /** The answer that identifies a submission (Kobo `_uuid`; a CSV key column). */
    key: AnswerName.default('_uuid'),
    case: z
      .object({
        definitionId: FieldRule.optional(),
        program: FieldRule.optional(),
        country: FieldRule.optional(),
        priority: FieldRule.optional(),
        reference: FieldRule.optional(),
        assignee: FieldRule,
      })
      .strict(),
    partners: z
      .array(
        z
          .object({
            partnerId: z.string().min(1).max(100),
            role: z.enum(PARTNER_ROLES),
            /** An answer whose mapped value is `case_updates` when the applicant consented. */
            consent: FieldRule.optional(),
          })
          .strict(),
      )
      .max(20)
      .default([]),
    applicant: fieldsOf(APPLICANT_FIELDS),
    dependants: z
      .object({
        /** The repeat group: an array of objects in the submission. */
        repeat: AnswerName,
        fields: fieldsOf(DEPENDANT_FIELDS),
      })
      .strict()
      .optional(),
    /** Answers kept for the case's first step (sealed with the submission until steps take them). */
    stepData: z.record(z.string().regex(/^[a-z][a-zA-Z0-9_]{0,63}$/), FieldRule).optional(),
  })
  .strict();
export type IntakeMapping = z.infer<typeof IntakeMapping>;

/** The outcome of reading a mapping: the mapping, or every problem with its path. */
export type MappingRead = { ok: true; mapping: IntakeMapping } | { ok: false; problems: Problem[] };

/** Reads and validates mapping YAML; never throws, never echoes a value of the text. */
export function readMapping(text: string): MappingRead {
  if (text.length > MAX_MAPPING_CHARS)
    return { ok: false, problems: [{ path: '', message: `is longer than ${MAX_MAPPING_CHARS} characters` }] };
  const read = readYaml(text);
  if (!read.ok) return { ok: false, problems: read.problems };
  const parsed = IntakeMapping.safeParse(read.value);
  if (parsed.success) return { ok: true, mapping: parsed.data };
  const problems = parsed.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'is not a known field' }))
      : [{ path: formatPath(issue.path), message: issue.message.replace(/,? received '[^']*'/g, '') }],
  );
  return { ok: false, problems };
}
