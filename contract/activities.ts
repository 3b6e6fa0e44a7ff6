// The contract between the case workflow and the notification / partner-feedback activities.
// Types only: the workflow proxies them, the activities implement them.
import type { MessageKind, Recipient } from '../definitions/schema';

/** Non-personal facts about a case that every message and event needs. */
export interface CaseFacts {
  caseId: string;
  reference: string;
  program: string;
  country: string;
  definitionId: string;
  definitionVersion: number;
  /** IANA time zone of the country: dates in messages are shown in the recipient's, else this. */
  timeZone: string;
  /** Default notification language of the country definition. */
  language: string;
  priority: string;
  /** Staff email of the current assignee. */
  assignee: string;
}

/** One message the workflow owes; the activity resolves recipients and sends each once. */
export interface NotificationRequest {
  /**
   * Business key of this message without the recipient: case, step visit, kind, rule,
   * occurrence — e.g. `C-123:v4:overdue:daily:2`. The activity appends the recipient, stores
   * the key before sending and never sends the same key twice.
   */
  businessKey: string;
  kind: MessageKind;
  case: CaseFacts;
  to: Recipient;
  /** The step the message is about; `owner` is the role that may complete it, `partnerStatus` its partner-visible label (emails to partners). */
  step?: {
    id: string;
    title: string;
    visit: number;
    dueAt?: string;
    owner?: string;
    partnerStatus?: string;
    /** The title in other languages (language → title); a language without one gets `title`. */
    titles?: Record<string, string>;
    /** The partner label in other languages (language → label); a language without one gets `partnerStatus`. */
    partnerStatuses?: Record<string, string>;
    /** The person four-eyes bars from completing the step (who completed the one before): not asked to act. */
    excluded?: string;
  };
  /** Extra non-personal facts for the template: outcome, hold reason, closure reason, … */
  detail?: Record<string, string>;
}

export interface NotificationResult {
  sent: number;
  alreadySent: number;
  failed: number;
}

/** A partner-visible status change; the activity fans it out to entitled partners. */
export interface PartnerUpdate {
  /** Unique per status change, e.g. `C-123:v4:entered`. */
  eventKey: string;
  case: CaseFacts;
  event:
    | 'step_entered'
    | 'case_on_hold'
    | 'case_resumed'
    | 'case_closed'
    | 'family_waiting'
    | 'family_released'
    | 'consent_withdrawn';
  /** Only this partner receives the update, whatever its profile subscribes to (consent_withdrawn). */
  partnerId?: string;
  /** The partner-visible label of the step, from the definition. */
  status: string;
  /** The label in other languages (language → label), from the definition's translations. */
  statuses?: Record<string, string>;
  /** Internal step id, only when the definition shares it. */
  step?: string;
  /** case_closed only: why (reason code and its words) and the last partner-visible status. */
  closure?: { reason: string; description: string };
  lastStatus?: string | null;
  occurredAt: string;
  /**
   * The update's place in the case's order of transitions (1, 2, …), fixed by the state
   * machine; absent from updates of runs that predate it.
   */
  sequence?: number;
}

export interface NotificationActivities {
  /** Sends one owed message to each resolved recipient, at most once per business key. */
  deliverNotification(request: NotificationRequest): Promise<NotificationResult>;
  /** Records the update for every entitled partner and starts its in-order delivery. */
  publishPartnerUpdate(update: PartnerUpdate): Promise<{ queued: number }>;
}

export type { MessageKind, Recipient };
