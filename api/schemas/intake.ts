// Intake: sources (a form's mapping and token), submissions as KoboToolbox's REST service sends
// them, and what a manager sees of a refused submission (problems, never answers).
import { CountryCode, text, z } from './common';

const SourceId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,26}$/, { message: 'must be 2–27 lowercase letters, digits or - (e.g. kobo-ke)' })
  .openapi({ example: 'kobo-ke' });

export const SourceParams = z.object({ source: SourceId }).strict();
export const SubmissionParams = z
  .object({ source: SourceId, submissionId: z.string().uuid({ message: 'must be a submission id' }) })
  .strict();

export const SaveSourceBody = z
  .object({
    mapping: text(50_000).openapi({ description: 'The mapping YAML (see the README, "Intake")' }),
    countries: z.array(CountryCode).min(1).max(50),
  })
  .strict()
  .openapi('SaveIntakeSource');

export const SourceSaved = z.object({
  source: z.string(),
  created: z.boolean(),
  token: z
    .string()
    .optional()
    .openapi({ description: 'The source token, shown once: Kobo sends it as Authorization: Token <token>' }),
});

/** A submission as Kobo's REST service posts it: flat JSON keyed by question path, with `_uuid`. */
export const Submission = z
  .record(z.string().max(500), z.unknown())
  .openapi('IntakeSubmission', { example: { _uuid: '0f4c3b1e-…', 'applicant/given_name': '…' } });

const IntakeProblem = z.object({ path: z.string(), message: z.string() });

export const IntakeReceipt = z
  .object({
    status: z.enum(['started', 'rejected']),
    submissionId: z.string(),
    caseId: z.string().optional(),
    problems: z.array(IntakeProblem).optional(),
  })
  .openapi('IntakeReceipt');

export const RejectedSubmission = z.object({
  id: z.string(),
  key: z.string(),
  formId: z.string().nullable(),
  attempts: z.number().int(),
  receivedAt: z.string(),
  updatedAt: z.string(),
  status: z.enum(['rejected', 'received']).openapi({
    description: 'rejected: does not map; received: its case could not be started yet',
  }),
  problems: z.array(IntakeProblem),
});

export const RejectedList = z
  .object({ submissions: z.array(RejectedSubmission) })
  .openapi('RejectedSubmissions');
