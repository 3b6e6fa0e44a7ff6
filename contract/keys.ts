// Workflow ids and business keys: every key that makes an effect happen at most once is built
// here. Keys depend only on the case's state, never on run ids or activity ids, so retries,
// restarts and continue-as-new produce the same keys. Changing a format breaks dedupe of
// running cases (and the replay histories): add a new builder instead.
import type { OwedMessage } from './projection';

/** Workflow id of a case: derived from the case id so a case cannot be started twice. */
export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}

/** The case id of a case workflow id (`case-<caseId>`), or undefined for any other workflow. */
export function caseIdOfWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith('case-') && workflowId.length > 5 ? workflowId.slice(5) : undefined;
}

/** Workflow id of a partner's feed for a case: one feed per (partner, case). */
export function partnerFeedId(partnerId: string, caseId: string): string {
  return `partner-feed:${partnerId}:${caseId}`;
}

/**
 * The business key of one effect on a step visit: `caseId:v<visit>:<kind>:<rule>:<occurrence>`,
 * e.g. `C-123:v4:overdue:daily:2`.
 */
export function visitEffectKey(
  caseId: string,
  visit: number,
  kind: string,
  rule: string,
  occurrence: number,
): string {
  return `${caseId}:v${visit}:${kind}:${rule}:${occurrence}`;
}

/** The key of the partner update sent on entering a step visit: `caseId:v<visit>:entered`. */
export function enteredUpdateKey(caseId: string, visit: number): string {
  return `${caseId}:v${visit}:entered`;
}

/** The key of an external event, by its id at the source: the same event counts once. */
export function externalEventKey(caseId: string, eventId: string): string {
  return `${caseId}:event:${eventId}`;
}

/** The key of one message to one recipient: the message's key and the recipient's email. */
export function recipientKey(messageKey: string, email: string): string {
  return `${messageKey}:${email}`;
}

/** The key of the notice that a message could not be delivered. */
export function deliveryFailedKey(recipientMessageKey: string): string {
  return `${recipientMessageKey}:delivery_failed`;
}

/** The key of one partner update for one partner. */
export function partnerEventKey(updateKey: string, partnerId: string): string {
  return `${updateKey}:${partnerId}`;
}

/**
 * The key of a message a case owes (the OwedMessage row): an email request by its business key
 * and its recipient (one key may go to the assignee and to a role, each once), a partner update
 * by its event key, event and partner (all entitled partners, or the one it is for).
 */
export function owedMessageKey(message: OwedMessage): string {
  if (message.kind === 'partner') {
    const { eventKey, event, partnerId } = message.update;
    return `partner:${eventKey}>${event}>${partnerId ?? 'entitled'}`;
  }
  const { to, businessKey } = message.request;
  const recipient =
    to === 'assignee' ? 'assignee' : 'role' in to ? `role:${to.role}` : `partner:${to.partner}`;
  return `email:${businessKey}>${recipient}`;
}
