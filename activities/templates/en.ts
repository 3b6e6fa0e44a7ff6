// English: the reference catalogue, complete by type.
import type { Catalog } from './catalog';

export const en: Catalog = {
  locale: 'en-GB',
  direction: 'ltr',
  priorities: { emergency: 'emergency', urgent: 'urgent', normal: 'normal' },
  common: {
    greeting: 'Hello {name},',
    greetingNoName: 'Hello,',
    caseLabel: 'Case',
    stepLabel: 'Step',
    dueLabel: 'Due',
    priorityLabel: 'Priority',
    openCase: 'Open the case',
    noDueDate: 'no due date',
    noValue: '—',
    footer: 'This message was sent by Pathways. Please do not reply to it; act in the case instead.',
  },
  kinds: {
    task_assigned: {
      subject: '[{reference}] New task for you: {step}',
      heading: 'A task is assigned to you',
      body: 'Case {reference} is waiting for you at the step “{step}”.',
      action: 'Please complete this step by {due}.',
    },
    reminder_before_due: {
      subject: '[{reference}] Reminder: “{step}” is due soon',
      heading: 'A step is due soon',
      body: 'The step “{step}” of case {reference} is due on {due}.',
      action: 'Please complete it before the due date.',
    },
    due_today: {
      subject: '[{reference}] Due today: {step}',
      heading: 'A step is due today',
      body: 'The step “{step}” of case {reference} is due today, {due}.',
      action: 'Please complete it today or tell your supervisor what is blocking it.',
    },
    overdue: {
      subject: '[{reference}] Overdue, action needed: {step}',
      heading: 'A step is overdue',
      body: 'The step “{step}” of case {reference} was due on {due} and is not complete yet.',
      action: 'Please complete it as soon as possible or tell your supervisor what is blocking it.',
    },
    escalation: {
      subject: '[{reference}] Escalation: “{step}” is overdue, please follow up',
      heading: 'An overdue step needs your attention',
      body: 'The step “{step}” of case {reference} has been overdue since {due}. It is assigned to {assignee}.',
      action: 'Please follow up with the assignee or reassign the case.',
    },
    case_on_hold: {
      subject: '[{reference}] Case put on hold',
      heading: 'The case is on hold',
      body: 'Case {reference} was put on hold at the step “{step}”. The reason is in the case.',
      action: 'No action is needed until the case is resumed.',
    },
    case_resumed: {
      subject: '[{reference}] Case resumed, please continue: {step}',
      heading: 'The case has resumed',
      body: 'Case {reference} is active again at the step “{step}”.',
      action: 'Please continue the work on this step by {due}.',
    },
    case_reassigned: {
      subject: '[{reference}] Case reassigned to {assignee}, please review',
      heading: 'The case has a new assignee',
      body: 'Case {reference} is now assigned to {assignee}. Current step: “{step}”.',
      action: 'Please review the case and its open step.',
    },
    case_closed: {
      subject: '[{reference}] Case closed ({reason})',
      heading: 'The case is closed',
      body: 'Case {reference} was closed. Reason: {reason}.',
      action: 'No further action is needed.',
    },
    step_entered: {
      subject: '[{reference}] New step, please review: {step}',
      heading: 'The case has moved to a new step',
      body: 'Case {reference} has moved to the step “{step}”.',
      action: 'Please review the case; the step is due by {due}.',
    },
    step_completed: {
      subject: '[{reference}] Step completed: {step} ({outcome})',
      heading: 'A step is complete',
      body: 'The step “{step}” of case {reference} was completed with the outcome “{outcome}”.',
      action: 'No action is needed unless you own the next step.',
    },
    partner_update: {
      subject: '[{reference}] Case status update: {status}',
      heading: 'Case status update',
      body: 'The status of case {reference} is now: {status} ({event}, {at}).',
      action: 'Please update your records. Personal details are never sent by email.',
    },
    partner_delivery_failed: {
      subject: '[{reference}] Update not delivered to partner {partner}, please check',
      heading: 'A partner update could not be delivered',
      body: 'The update {event} for case {reference} could not be delivered to {partner} after {attempts} attempts. Last error: {error}.',
      action: 'Please check the partner’s webhook, then redeliver the update from the dead-letter list.',
    },
    delivery_failed: {
      subject: '[{reference}] Email not delivered to {recipient}, please check',
      heading: 'An email could not be delivered',
      body: 'The “{failedKind}” message for case {reference} could not be delivered to {recipient}. The mail server answered: {error}.',
      action: 'Please correct the address in the staff directory or inform the person another way.',
    },
    family_waiting: {
      subject: '[{reference}] The family waits on case {waitingOn}, overdue {days} days',
      heading: 'The family is held up by another case',
      body: 'Case {reference} waits at “{step}” for the rest of its family. The family waits on case {waitingOn}, whose current step is overdue by {days} days.',
      action:
        'Please contact the caseworker of case {waitingOn}, or ask a supervisor to release the family by hand.',
    },
  },
};
