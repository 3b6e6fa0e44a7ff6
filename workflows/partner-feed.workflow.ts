// One feed per (partner, case): delivers that partner's pending events for that case one at a
// time in sequence order. Retries with exponential backoff until the delivery window (24 h by
// default) is spent, then dead-letters the event; a dead event holds back the later ones until
// it is redelivered by hand, so a partner never receives the events of a case out of order.
// The database is the queue: a signal only wakes the feed, which reads what is pending.
import {
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import {
  DEFAULT_DELIVERY_POLICY,
  partnerEventsPending,
  type DeliveryPolicy,
  type PartnerFeedActivities,
  type PartnerFeedInput,
  type PartnerFeedWorkflow,
} from '../contract/partner-feed';
import { LOCAL_FIRST, locallyOr } from './local-first';

/** The wait before attempt n+1 after n failed attempts (n ≥ 1). */
export function backoffDelay(failedAttempts: number, policy: DeliveryPolicy): number {
  const delay = policy.initialIntervalMs * policy.backoffCoefficient ** (failedAttempts - 1);
  return Math.min(delay, policy.maximumIntervalMs);
}

const feed = proxyActivities<PartnerFeedActivities>({
  startToCloseTimeout: '2 minutes',
  // Only infrastructure failures (database down, worker lost) reach here; webhook answers are results.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

// Reading which event is next is a short database read: local first (./local-first.ts).
const localFeed = proxyLocalActivities<Pick<PartnerFeedActivities, 'nextPartnerEvent'>>(LOCAL_FIRST);

/** The feed reads its next event by a local activity; runs recorded before scheduled an activity. */
export const FEED_LOCAL_READS = 'feed-local-reads';

function nextEvent(input: PartnerFeedInput, local: boolean): Promise<{ id: string } | null> {
  if (!local) return feed.nextPartnerEvent(input);
  return locallyOr(
    { partnerId: input.partnerId, effect: 'next partner event' },
    () => localFeed.nextPartnerEvent(input),
    () => feed.nextPartnerEvent(input),
  );
}

/** Delivers a partner's events for one case in order; completes when idle. */
export async function partnerFeedWorkflow(input: PartnerFeedInput): Promise<void> {
  const policy = input.policy ?? DEFAULT_DELIVERY_POLICY;
  // Once per run, before any command: a run that started without it keeps its activities.
  const local = patched(FEED_LOCAL_READS);
  let pending = true;
  setHandler(partnerEventsPending, () => {
    pending = true;
  });
  for (;;) {
    if (!pending) {
      await condition(() => pending, policy.idleMs);
      if (!pending) return;
    }
    pending = false;
    for (let next = await nextEvent(input, local); next; next = await nextEvent(input, local)) {
      if (!(await deliver(next.id, policy))) break;
    }
    if (workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof partnerFeedWorkflow>({ ...input, policy });
  }
}

async function deliver(eventId: string, policy: DeliveryPolicy): Promise<boolean> {
  const firstAttemptAt = Date.now();
  for (let failed = 1; ; failed++) {
    const attempt = await feed.attemptPartnerDelivery({ eventId, requestTimeoutMs: policy.requestTimeoutMs });
    if (attempt.outcome === 'delivered') return true;
    const delay = backoffDelay(failed, policy);
    if (attempt.outcome === 'reject' || Date.now() + delay - firstAttemptAt > policy.giveUpAfterMs) {
      await feed.deadLetterPartnerEvent({ eventId, error: attempt.error });
      return false;
    }
    await sleep(delay);
  }
}

// Activities start the feed by the contract's signature: checked here, where it is implemented.
const _signature: PartnerFeedWorkflow = partnerFeedWorkflow;
