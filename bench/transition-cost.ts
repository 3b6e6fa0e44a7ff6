// Work per transition (issue 12 item 4): one step completion through the API in a case whose
// next step sends one email (the assignee) and one partner event (a webhook partner). Prints
// the history events that completion adds to the case workflow, type by type from the real
// history, and the requests the dev server's frontend and persistence counted meanwhile (its
// Prometheus counters, read before the completion and once everything it caused has settled).
import { temporal } from '@temporalio/proto';
import { caseWorkflowId, partnerFeedId } from '../contract/keys';
import { createPartner } from '../directory/partners';
import { startPartnerServer, type PartnerServer } from '../test/support/partner-server';
import { BENCH_DEFINITIONS, completeStep, publishFolder, startCase } from './cases';
import { pause, printTable, since } from './bundle';
import { grown, readCounters } from './server-metrics';
import { startStack, type Stack } from './stack';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;
const PARTNER = 'transition-partner';
/** Time for the workflow to finish what the completion started once the email and webhook arrived. */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 3000);
const METRICS_FLUSH_MS = 2000;

/** `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED` → `ActivityTaskScheduled`. */
function typeName(event: HistoryEvent): string {
  return (EventType[event.eventType ?? 0] ?? 'Unknown')
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/** What an event is about, where the history says it: the activity, update or marker name. */
function detailOf(event: HistoryEvent): string {
  return (
    event.activityTaskScheduledEventAttributes?.activityType?.name ??
    event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ??
    event.markerRecordedEventAttributes?.markerName ??
    event.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName ??
    ''
  );
}

interface Measured {
  added: HistoryEvent[];
  requests: [string, number][];
  answeredMs: number;
  deliveredMs: number;
}

const QUIET_LAST_EVENTS = new Set([
  'WorkflowTaskCompleted',
  'MarkerRecorded',
  'UpsertWorkflowSearchAttributes',
  'TimerStarted',
]);

/** Completes `step`, waits for its `deliveries`-th email and webhook, and what the completion cost. */
async function measure(
  stack: Stack,
  partnerServer: PartnerServer,
  caseId: string,
  step: string,
  deliveries: number,
): Promise<Measured> {
  const handle = stack.client.workflow.getHandle(caseWorkflowId(caseId));
  const before = (await handle.fetchHistory()).events ?? [];
  // The server adds to its counters about once a second: the bench's own requests so far first.
  await pause(METRICS_FLUSH_MS);
  const countersBefore = await readCounters(stack.temporalMetricsUrl!);
  const sent = performance.now();
  await completeStep(stack, caseId, step, 'next');
  const answeredMs = since(sent);
  if (deliveries > 0) {
    await stack.mailbox!.waitForMessages(deliveries, 60_000);
    await partnerServer.waitFor('/events', deliveries, 60_000);
  }
  const deliveredMs = since(sent);
  await pause(SETTLE_MS);
  const countersAfter = await readCounters(stack.temporalMetricsUrl!);
  const after = (await handle.fetchHistory()).events ?? [];
  const pending = (await handle.describe()).raw.pendingActivities ?? [];
  // A workflow task's completion ends with its commands: a marker (a local activity's result),
  // an upsert or a timer can be the last event of a settled case.
  const last = typeName(after[after.length - 1]!);
  if (pending.length > 0 || !QUIET_LAST_EVENTS.has(last))
    throw new Error(`the case had not settled after ${SETTLE_MS} ms: raise BENCH_SETTLE_MS`);
  return {
    added: after.slice(before.length),
    requests: grown(countersBefore, countersAfter),
    answeredMs,
    deliveredMs,
  };
}

/** Prints what one measured completion added and asked of the server; its figures. */
function report(title: string, m: Measured): Record<string, string | number> {
  printTable(
    `History events: ${title}`,
    m.added.map((e, i) => ({ '#': i + 1, event: typeName(e), detail: detailOf(e) })),
  );
  printTable(
    `Dev server requests meanwhile: ${title} (frontend = round trips of the API, worker and bench; persistence = SQLite)`,
    m.requests.map(([operation, count]) => ({ operation, count })),
  );
  const total = (side: string) =>
    m.requests.filter(([op]) => op.startsWith(side)).reduce((sum, [, n]) => sum + n, 0);
  const count = (type: string) => m.added.filter((e) => typeName(e) === type).length;
  return {
    completion: title,
    'history events': m.added.length,
    'workflow tasks': count('WorkflowTaskCompleted'),
    activities: count('ActivityTaskScheduled'),
    'frontend requests': total('frontend'),
    'persistence requests': total('persistence'),
    'API answer ms': m.answeredMs,
    'email + webhook ms': m.deliveredMs,
  };
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<Record<string, string | number>> {
  const partnerServer = await startPartnerServer();
  const stack = await startStack({ name: 'transition-cost', temporalMetrics: true });
  try {
    await publishFolder(BENCH_DEFINITIONS);
    await createPartner(stack.db, stack.keys, {
      id: PARTNER,
      name: 'Transition bench partner',
      kind: 'ngo',
      contactEmail: 'partner@transition.test',
      webhookUrl: partnerServer.url('/events'),
      sharingProfile: { fields: ['program'], events: ['step_entered'] },
    });
    const caseId = await startCase(stack, 'transition.xt', {
      partners: [{ partnerId: PARTNER, role: 'referring' }],
    });
    while ((await stack.db.stepVisit.count({ where: { caseId } })) === 0) await pause(50);
    await pause(SETTLE_MS);
    const opening =
      (await stack.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory()).events ?? [];
    printTable(
      'History events: the start, until the first step is projected',
      opening.map((e, i) => ({ '#': i + 1, event: typeName(e), detail: detailOf(e) })),
    );
    // The run's first completion also records its patch markers; later ones show the steady cost.
    const first = await measure(stack, partnerServer, caseId, 'work', 1);
    await measure(stack, partnerServer, caseId, 'review', 0);
    const later = await measure(stack, partnerServer, caseId, 'work', 2);
    const rows = [report('first completion of the run', first), report('a later completion', later)];
    const feed = (await stack.client.workflow.getHandle(partnerFeedId(PARTNER, caseId)).fetchHistory())
      .events;
    const feedTypes = new Map<string, number>();
    for (const e of feed ?? []) feedTypes.set(typeName(e), (feedTypes.get(typeName(e)) ?? 0) + 1);
    console.log(
      `\npartner feed workflow (delivers the two partner events; its own history): ${feed?.length ?? 0} events: ${[
        ...feedTypes,
      ]
        .map(([t, n]) => `${t} ×${n}`)
        .join(', ')}`,
    );
    printTable('Work per transition (work → review: one email, one partner event)', rows);
    return Object.fromEntries(
      rows.flatMap((r, i) =>
        ['history events', 'frontend requests', 'persistence requests'].map((k) => [
          `${k} (${i === 0 ? 'first' : 'later'})`,
          r[k]!,
        ]),
      ),
    );
  } finally {
    await stack.stop();
    await partnerServer.stop();
  }
}
