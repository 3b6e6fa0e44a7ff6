// The contract of the partner feed workflow: its name and input, the signal that wakes it, its
// delivery policy and the activities it calls. Activities start it by name with this type, so
// they never import workflow code.
import { defineSignal } from '@temporalio/workflow';

/** The workflow type of a partner feed (the exported function's name in workflows/). */
export const PARTNER_FEED_WORKFLOW = 'partnerFeedWorkflow';

/** Wakes the feed: new or redelivered events are pending. */
export const partnerEventsPending = defineSignal('partnerEventsPending');

/** How deliveries are retried; tests pass short intervals. */
export interface DeliveryPolicy {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  /** Time from the first attempt after which the event is dead-lettered. */
  giveUpAfterMs: number;
  /** Timeout of one webhook request. */
  requestTimeoutMs: number;
  /** How long an idle feed waits for more events before it completes. */
  idleMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  initialIntervalMs: 30_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 60 * 60_000,
  giveUpAfterMs: 24 * 60 * 60_000,
  requestTimeoutMs: 10_000,
  idleMs: 60 * 60_000,
};

export interface PartnerFeedInput {
  partnerId: string;
  caseId: string;
  policy?: DeliveryPolicy;
}

/** The signature of the partner feed workflow, which workflows/partner-feed.workflow.ts satisfies. */
export type PartnerFeedWorkflow = (input: PartnerFeedInput) => Promise<void>;

/** One attempt's result, as the delivery activity reports it. */
export type DeliveryAttempt = { outcome: 'delivered' } | { outcome: 'retry' | 'reject'; error: string };

/** The activities the feed calls (implemented in activities/partners/feed.ts). */
export interface PartnerFeedActivities {
  nextPartnerEvent(input: { partnerId: string; caseId: string }): Promise<{ id: string } | null>;
  attemptPartnerDelivery(input: { eventId: string; requestTimeoutMs: number }): Promise<DeliveryAttempt>;
  deadLetterPartnerEvent(input: { eventId: string; error: string }): Promise<void>;
}
