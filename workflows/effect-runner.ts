// Executes the state machine's effects from workflow code: projection rows through an idempotent
// local activity (an ordinary activity when a local one cannot finish in seconds) that also stores
// the messages and partner updates the case owes, for the worker's relay to deliver; search
// attributes and family signals in the workflow.
import {
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  proxyLocalActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  familyDecisionSignal,
  familyWorkflowId,
  memberReportSignal,
  type FamilyDecision,
  type MemberReport,
} from '../contract/family';
import type { NotificationActivities } from '../contract/activities';
import type { ProjectionActivities, ProjectionBatch } from '../contract/projection';
import {
  caseSearchAttributePairs,
  settledAttributeChanges,
  type CaseSearchAttributes,
} from '../contract/search-attributes';
import type { CaseVersion } from './case-version';
import type { Effect } from './machine';
import { assertNever, projectionBatchOf } from './machine';
import { LOCAL_FIRST, locallyOr } from './local-first';

// Projection writes must not be lost: retried until the database is back.
const projection = proxyActivities<ProjectionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: ['InvalidProjection'],
  },
});

// The same writes run first as a local activity (./local-first.ts): an update's answer then
// leaves with the workflow task that moved the case, after its projection (the API answers once
// the row shows the change). Partner updates stay ordinary activities: run locally they would hold
// the caseworker's answer for the partner's event row, its personal fields and the wake of its
// feed (bench/RESULTS.md).
const localWrites = proxyLocalActivities<ProjectionActivities>({
  ...LOCAL_FIRST,
  retry: { ...LOCAL_FIRST.retry, nonRetryableErrorTypes: ['InvalidProjection'] },
});

// Messages are keyed, so retrying is safe; after a day a message is not worth sending late.
const notifications = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Waits for an effect; when its retries are exhausted (or it cannot be retried), logs it and goes on. */
function settle(what: string, caseId: string, work: Promise<unknown>): Promise<void> {
  // A chain, not an `async` function: fewer promises on every transition (see `execute`).
  return work.then(
    () => undefined,
    (err: unknown) => {
      // Record it (no personal data) and go on.
      log.error('Case effect failed', { caseId, effect: what, error: (err as Error).message });
    },
  );
}

/**
 * Partner updates are published one after another in the case's order, so a partner's
 * sequence numbers follow the order in which the case moved (runs recorded before this
 * published them side by side).
 */
export const PARTNER_UPDATES_IN_ORDER = 'partner-updates-in-case-order';

/** Cases report to their family group workflow (joint steps). */
export const FAMILY_GROUPS = 'family-groups';

/**
 * Messages run detached: a batch waits for its projection, partner updates and family
 * signals, not for its emails, so a mail server that is down (an email retries for up to a
 * day) no longer holds back the case's later projection rows, partner events and family
 * reports. The messages still in flight are drained before the run ends or continues as new.
 * Runs recorded before this scheduled a batch only after the last batch's emails.
 */
export const MESSAGES_DETACHED = 'messages-detached';

/**
 * The projection is written by a local activity (see `localWrites`). Runs recorded before
 * scheduled it as an ordinary activity, with its own workflow task.
 */
export const LOCAL_WRITES = 'local-writes';

/**
 * Messages are owed, not sent from the workflow: emails and partner updates are written with the
 * batch's projection rows (the same local activity) and the worker's relay delivers them
 * (activities/notifications/relay.ts). A transition then schedules no activity and needs no
 * second workflow task for its messages. Runs recorded before sent each message as an activity.
 */
export const OWED_MESSAGES = 'owed-messages';

/**
 * Sends the case's report to its family group. A group that no longer runs (or never did)
 * cannot hold the case: the failure is logged and the case goes on.
 */
async function reportToFamily(caseId: string, report: MemberReport): Promise<void> {
  await settle(
    `family ${report.groupId}`,
    caseId,
    getExternalWorkflowHandle(familyWorkflowId(report.groupId)).signal(memberReportSignal, report),
  );
}

/** Sends an event that decides for the whole family to the group, which delivers it to each member. */
async function shareWithFamily(caseId: string, groupId: string, decision: FamilyDecision): Promise<void> {
  await settle(
    `family decision ${groupId}`,
    caseId,
    getExternalWorkflowHandle(familyWorkflowId(groupId)).signal(familyDecisionSignal, decision),
  );
}

/** Runs a case's effects; one per workflow run (it remembers the last search attributes). */
export class EffectRunner {
  private lastAttributes = '';
  /** Messages sent detached by this run and not settled yet. */
  private readonly messages = new Set<Promise<void>>();
  /** Whether this run has taken the MESSAGES_DETACHED path (runs recorded before it never do). */
  private detached = false;
  /** Whether this run owes its messages through the projection (OWED_MESSAGES). */
  private owed = false;

  constructor(
    private readonly caseId: string,
    private readonly version: CaseVersion,
  ) {}

  /**
   * Upserts the case's search attributes when they differ from the last upsert of this run; in a
   * quiet run, only those that seldom change, when they differ from the workflow's own.
   */
  applySearchAttributes(attributes: CaseSearchAttributes): void {
    if (this.version.quiet) {
      const changed = settledAttributeChanges(attributes, workflowInfo().typedSearchAttributes);
      if (changed.length > 0) upsertSearchAttributes(changed);
      return;
    }
    const text = JSON.stringify(attributes);
    if (text === this.lastAttributes) return;
    this.lastAttributes = text;
    upsertSearchAttributes(caseSearchAttributePairs(attributes));
  }

  /** Whether messages sent detached are still in flight. */
  get sending(): boolean {
    return this.messages.size > 0;
  }

  /** Whether this run's messages never hold it back: sent detached, or owed (false for runs recorded before MESSAGES_DETACHED). */
  get detachedRun(): boolean {
    return this.detached || this.owed;
  }

  /** Waits until every message sent detached by this run has settled (sent or given up). */
  async drain(): Promise<void> {
    while (this.messages.size > 0) await Promise.all([...this.messages]);
  }

  /** Sends a message without holding back the batch; `drain` waits for it. */
  private detach(work: Promise<void>): void {
    const tracked: Promise<void> = work.finally(() => this.messages.delete(tracked));
    this.messages.add(tracked);
  }

  /**
   * Executes a batch of effects: search attributes (latest only), then the projection with
   * the messages the batch owes (OWED_MESSAGES), then family signals. Runs recorded before owed
   * messages sent them after the projection (they refer to the case row it creates), partner
   * updates in order and waited for, emails detached (MESSAGES_DETACHED).
   *
   * The SDK captures a stack for each promise workflow code creates: a batch with nothing to
   * wait for after its projection (nearly every transition) creates only the projection's
   * promises and this function's own.
   */
  async execute(effects: Effect[]): Promise<void> {
    const caseId = this.caseId;
    const work: Promise<void>[] = [];
    if (!this.owed && effects.some((e) => e.kind === 'notify' || e.kind === 'partner_update'))
      this.owed = this.version.has(OWED_MESSAGES);
    const inOrder =
      !this.owed &&
      effects.some((e) => e.kind === 'partner_update') &&
      this.version.has(PARTNER_UPDATES_IN_ORDER);
    if (!this.owed && !this.detached && effects.some((e) => e.kind === 'notify'))
      this.detached = this.version.has(MESSAGES_DETACHED);
    let partners: Promise<void> | undefined = inOrder ? Promise.resolve() : undefined;
    const attributes = effects.filter((e) => e.kind === 'search_attributes').pop();
    if (attributes) this.applySearchAttributes(attributes.attributes);
    const lastReport = effects.filter((e) => e.kind === 'family_report').pop();
    const batch = projectionBatchOf(effects, this.owed ? new Date().toISOString() : undefined);
    if (batch) await this.project(batch);
    for (const effect of effects) {
      switch (effect.kind) {
        case 'notify': {
          if (this.owed) break; // in the batch
          const send = settle(
            `notify ${effect.request.businessKey}`,
            caseId,
            notifications.deliverNotification(effect.request),
          );
          if (this.detached) this.detach(send);
          else work.push(send);
          break;
        }
        case 'partner_update': {
          if (this.owed) break; // in the batch
          const { update } = effect;
          const publish = () =>
            settle(`partner ${update.eventKey}`, caseId, notifications.publishPartnerUpdate(update));
          if (partners) partners = partners.then(publish);
          else work.push(publish());
          break;
        }
        case 'family_report':
          // Only the batch's last report counts (the family keeps the newest anyway). Histories
          // recorded before families never reach this: no case was in a group then.
          if (effect === lastReport && this.version.has(FAMILY_GROUPS))
            work.push(reportToFamily(caseId, effect.report));
          break;
        case 'family_decision':
          if (this.version.has(FAMILY_GROUPS))
            work.push(shareWithFamily(caseId, effect.groupId, effect.decision));
          break;
        case 'search_attributes':
        case 'project_case':
        case 'record_visit':
        case 'record_event':
          break;
        default:
          assertNever(effect);
      }
    }
    if (partners) work.push(partners);
    if (work.length > 0) await Promise.all(work);
  }

  /** Writes a batch's projection (locally first, where the run has LOCAL_WRITES). */
  private project(batch: ProjectionBatch): Promise<void> {
    const caseId = this.caseId;
    return settle(
      'projection',
      caseId,
      this.version.has(LOCAL_WRITES)
        ? locallyOr(
            { caseId, effect: 'projection' },
            () => localWrites.applyProjection(batch),
            () => projection.applyProjection(batch),
          )
        : projection.applyProjection(batch),
    );
  }
}
