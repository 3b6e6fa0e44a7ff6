// The fixed words of the language: shared by the schema, the interpreter, the templates and
// the API. Pure constants, safe in workflow code.

export const PRIORITIES = ['emergency', 'urgent', 'normal'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PROGRAMS = ['resettlement', 'family-reunification'] as const;
export type Program = (typeof PROGRAMS)[number];

export const STEP_KINDS = ['task', 'approval', 'wait', 'timer', 'end'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const FIELD_TYPES = ['string', 'text', 'number', 'boolean', 'date', 'enum'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const LANGUAGES = ['en', 'fr', 'ar', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Message kinds that have an email template in every language. */
export const MESSAGE_KINDS = [
  'task_assigned',
  'reminder_before_due',
  'due_today',
  'overdue',
  'escalation',
  'case_on_hold',
  'case_resumed',
  'case_reassigned',
  'case_closed',
  'step_entered',
  'step_completed',
  'partner_update',
  'partner_delivery_failed',
  'delivery_failed',
  'family_waiting',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Messages that ask the reader to act on a step: they go only to people who may complete it. */
export const TASK_MESSAGE_KINDS: readonly MessageKind[] = [
  'task_assigned',
  'reminder_before_due',
  'due_today',
  'overdue',
];

/** When a notification fires, relative to a step. */
export const NOTIFY_ON = ['enter', 'leave', 'outcome'] as const;
export type NotifyOn = (typeof NOTIFY_ON)[number];

/** The roles a case has toward its partners. */
export const PARTNER_ROLES = ['referring', 'receiving', 'service'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

/** Reminder rule kinds: before the due time, at it, repeating while overdue, escalation. */
export const REMINDER_KINDS = ['before_due', 'at_due', 'overdue', 'escalate'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Reasons a case can be closed early from any step. */
export const CLOSURE_REASONS = [
  'withdrawn',
  'not_eligible',
  'rejected',
  'duplicate',
  'deceased',
  'other',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/**
 * Milestones of UNHCR's monthly resettlement statistics (RSR) a step may mark: monitoring counts
 * submissions, decisions and departures (a family's arrival counts as its departure) by them.
 */
export const MILESTONES = ['submission', 'decision', 'departure', 'arrival'] as const;
export type Milestone = (typeof MILESTONES)[number];

/** How a dependant is related to the principal applicant (the people of a case). */
export const RELATIONSHIPS = ['spouse', 'child', 'parent', 'sibling', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
