// How a workflow refuses a message: a broken rule becomes a non-retryable `RuleViolation`
// failure carrying the violation, which the API maps to its status (case and family workflows).
import { ApplicationFailure } from '@temporalio/workflow';
import type { ZodType, ZodTypeDef } from 'zod';
import type { RuleViolation } from '../contract/rules';

/** The failure an update or validator throws for a broken rule. */
export function rejection(violation: RuleViolation): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'RuleViolation',
    message: violation.message,
    details: [violation],
    nonRetryable: true,
  });
}

/** The message parsed by its schema, or an `invalid_input` rejection naming each bad path. */
export function parsed<T>(schema: ZodType<T, ZodTypeDef, unknown>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const where = result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
  throw rejection({ rule: 'invalid_input', message: `invalid_input: ${where}` });
}
