// Records case workflow histories for the replay test (test/workflow/replay.test.ts).
// Run after a deliberate change to the interpreter's commands, never to silence a failure:
//   npx tsx test/support/record-histories.ts [name…]
// With names, records only those; without, only the recordings that have no file yet. A
// committed history is never re-recorded by default: it stands for cases that started on the
// code of its day (wait-reminders-from-timeout was recorded before `wait-reminders-from-entry`).
// The histories hold only fixture data (no personal data) and no payload encryption.
// After recording, run the replay test: a history that does not replay is not worth committing.
import type { WorkflowHandle } from '@temporalio/client';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../definitions/load';
import { caseWorkflow, caseWorkflowV2 } from '../../workflows/case.workflow';
import { familyWorkflow } from '../../workflows/family.workflow';
import { migrationWorkflow } from '../../workflows/migration.workflow';
import { familyWorkflowId, joinFamilyUpdate, reportMemberUpdate } from '../../contract/family';
import { jointDefinition } from './family-cases';
import { caseWorkflowId } from '../../contract/keys';
import {
  caseStateQuery,
  closeUpdate,
  completeStepUpdate,
  externalEventSignal,
  holdUpdate,
  reassignUpdate,
  resumeUpdate,
} from '../../contract/messages';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { caseworker, DAY, miniCase, otherCaseworker, supervisor, waitingDefinition } from './case-fixtures';
import { historyToJson } from './histories';
import { moveCaseUpdate, movePreviewQuery } from '../../contract/migration';
import { miniPlan, moveInput } from './migration-fixtures';
import { workingDaysDefinition } from './working-days-fixtures';
import { caseWorker, recordingActivities, registerCaseSearchAttributes, settled } from './case-worker';
import { timeSkippingEnvironment } from './temporal';

const OUT = join(__dirname, '..', 'fixtures', 'histories');

type Start = (input: ReturnType<typeof miniCase>) => Promise<WorkflowHandle>;

/** What a recording may change in the recording worker's activities. */
interface Controls {
  /** Each email takes this long to send (0: at once), so that the case moves while one is in flight. */
  slowMessages(ms: number): void;
}

/** A mini case from start to end: reassigned, held, resumed, returned once, decided on hold, reminded. */
async function playFullPath(
  caseId: string,
  start: Start,
  env: TestWorkflowEnvironment,
): Promise<WorkflowHandle> {
  const mini = await start(miniCase(caseId));
  await env.sleep(8 * DAY);
  await mini.executeUpdate(reassignUpdate, {
    args: [{ assignee: otherCaseworker.id, actor: supervisor }],
  });
  await mini.executeUpdate(holdUpdate, { args: [{ reason: 'security screening', actor: supervisor }] });
  await env.sleep(3 * DAY);
  await mini.executeUpdate(resumeUpdate, { args: [{ actor: supervisor }] });
  await mini.executeUpdate(completeStepUpdate, {
    args: [
      { step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' }, actor: caseworker },
    ],
  });
  await mini.executeUpdate(completeStepUpdate, {
    args: [{ step: 'review', outcome: 'returned', data: {}, actor: supervisor }],
  });
  await mini.executeUpdate(completeStepUpdate, {
    args: [
      {
        step: 'assessment',
        outcome: 'assessed',
        data: { category: 'medical_needs', dependants: 2 },
        actor: otherCaseworker,
      },
    ],
  });
  await mini.executeUpdate(completeStepUpdate, {
    args: [{ step: 'review', outcome: 'approved', data: {}, actor: supervisor }],
  });
  await mini.executeUpdate(holdUpdate, { args: [{ reason: 'medical check', actor: supervisor }] });
  await mini.signal(externalEventSignal, {
    event: 'state_decision',
    outcome: 'accepted',
    data: {},
    eventId: `sd-${caseId}`,
  });
  await mini.executeUpdate(resumeUpdate, { args: [{ actor: supervisor }] });
  await env.sleep(8 * DAY);
  await mini.result();
  return mini;
}

/** Each recording: a file name and the case it plays. Append new ones; never reorder. */
const RECORDINGS: {
  name: string;
  /** Played on the current type, `caseWorkflowV2` (the first recordings play `caseWorkflow`). */
  current?: boolean;
  play(start: Start, env: TestWorkflowEnvironment, controls: Controls): Promise<WorkflowHandle>;
}[] = [
  { name: 'mini-full-path', play: (start, env) => playFullPath('replay-1', start, env) },
  {
    name: 'resettlement-ke-closed',
    async play(start, env) {
      const kenya = loadDefinitionsDir(SAMPLES_DIR).find(
        (d) => d.definition.id === 'resettlement.ke',
      )?.definition;
      if (!kenya) throw new Error('no resettlement.ke sample');
      const ke = await start(
        miniCase('replay-2', { definition: kenya, priority: 'urgent', reference: 'KE-REPLAY-2' }),
      );
      await ke.executeUpdate(completeStepUpdate, {
        args: [
          {
            step: 'identification',
            outcome: 'referred',
            data: { referral_source: 'health' },
            actor: caseworker,
          },
        ],
      });
      await env.sleep(10 * DAY);
      await ke.signal(externalEventSignal, {
        event: 'state_decision',
        outcome: 'accepted',
        data: {},
        eventId: 'early',
      });
      await ke.executeUpdate(closeUpdate, { args: [{ reason: 'withdrawn', actor: supervisor }] });
      await ke.result();
      return ke;
    },
  },
  ...[
    // Resume applies an event received on hold: two partner updates in one batch, published in order.
    { name: 'partner-updates-in-order', caseId: 'replay-3' },
    // The same walk as the pre-patch interpreter recorded it (two partner updates scheduled side by
    // side): recorded once with workflows/effects.ts (now effect-runner.ts) of commit 3ff4539, proving that running cases
    // keep that order under the patch. Never re-record it with today's code.
    { name: 'partner-updates-side-by-side', caseId: 'replay-4' },
  ].map(({ name, caseId }) => ({
    name,
    async play(start: Start) {
      const mini = await start(miniCase(caseId));
      await mini.executeUpdate(completeStepUpdate, {
        args: [
          { step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' }, actor: caseworker },
        ],
      });
      await mini.executeUpdate(completeStepUpdate, {
        args: [{ step: 'review', outcome: 'approved', data: {}, actor: supervisor }],
      });
      await mini.executeUpdate(holdUpdate, { args: [{ reason: 'medical check', actor: supervisor }] });
      await mini.signal(externalEventSignal, {
        event: 'state_decision',
        outcome: 'rejected',
        data: {},
        eventId: `sd-${caseId}`,
      });
      await mini.executeUpdate(resumeUpdate, { args: [{ actor: supervisor }] });
      await mini.result();
      return mini;
    },
  })),
  ...['wait-reminders-from-timeout', 'wait-reminders-from-entry'].map((name) => ({
    name,
    // A 60-day wait escalated after 30 days, timing out: recorded once before the patch and once after it.
    async play(start: Start, env: TestWorkflowEnvironment) {
      const waiting = await start(
        miniCase(`replay-${name}`, { definition: waitingDefinition, partners: [] }),
      );
      await env.sleep(61 * DAY);
      await waiting.result();
      return waiting;
    },
  })),
  {
    // Recorded before `calendar-dates`: the old rule accepted 2026-02-30 (Date.parse rolls it over to
    // 2 March). Running cases keep what they accepted; the replay proves the patch keeps them replaying.
    name: 'impossible-date-accepted',
    async play(start, env) {
      const mini = await start(miniCase('replay-5', { partners: [] }));
      await mini.executeUpdate(completeStepUpdate, {
        args: [
          {
            step: 'assessment',
            outcome: 'assessed',
            data: { category: 'medical_needs', interviewDate: '2026-02-30' },
            actor: caseworker,
          },
        ],
      });
      await mini.executeUpdate(completeStepUpdate, {
        args: [{ step: 'review', outcome: 'approved', data: {}, actor: supervisor }],
      });
      await mini.signal(externalEventSignal, {
        event: 'state_decision',
        outcome: 'accepted',
        data: {},
        eventId: 'sd-5',
      });
      await env.sleep(8 * DAY);
      await mini.result();
      return mini;
    },
  },
  {
    // Issue 13: a case in a family group waits at a joint step, is released when the other member
    // arrives, and ends (the report to the group is patched 'family-groups').
    name: 'family-member-released',
    async play(start, env) {
      const family = await env.client.workflow.start(familyWorkflow, {
        taskQueue: 'record',
        workflowId: familyWorkflowId('FAM-REPLAY1'),
        args: [{ groupId: 'FAM-REPLAY1', reference: 'replay', createdBy: caseworker.id }],
      });
      const definition = jointDefinition('family-replay');
      const [member, other] = await Promise.all(
        ['replay-family-member-released', 'replay-family-other'].map((caseId) =>
          start({ ...miniCase(caseId, { partners: [] }), definition }),
        ),
      );
      for (const handle of [member!, other!]) {
        await settled(handle);
        const report = await handle.executeUpdate(joinFamilyUpdate, {
          args: [{ groupId: 'FAM-REPLAY1', actor: caseworker }],
        });
        await family.executeUpdate(reportMemberUpdate, { args: [report] });
      }
      const prepare = { step: 'prepare', outcome: 'done', data: {}, actor: caseworker };
      await member!.executeUpdate(completeStepUpdate, { args: [prepare] });
      await env.sleep(2 * DAY);
      await other!.executeUpdate(completeStepUpdate, { args: [prepare] });
      for (let i = 0; i < 100 && (await member!.query(caseStateQuery)).family?.waitingFor; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 100));
      await member!.executeUpdate(completeStepUpdate, {
        args: [{ step: 'departure', outcome: 'departed', data: {}, actor: caseworker }],
      });
      await member!.result();
      return member!;
    },
  },
  {
    // Issue 14: a step counted in working days (Jordan's Friday–Saturday weekend and a holiday).
    name: 'working-days-jo',
    async play(start, env) {
      const jordan = await start(
        miniCase('replay-6', { definition: workingDaysDefinition('JO'), partners: [] }),
      );
      await env.sleep(12 * DAY);
      await jordan.executeUpdate(completeStepUpdate, {
        args: [
          { step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' }, actor: caseworker },
        ],
      });
      return jordan;
    },
  },
  {
    // Issue 14: a case moved to version 2 while overdue, which then goes on under it.
    name: 'moved-overdue-case',
    async play(start, env) {
      const mini = await start(miniCase('replay-7', { partners: [] }));
      await env.sleep(6 * DAY);
      await mini.query(movePreviewQuery, moveInput(miniPlan({ dueDates: 'from_entry' }), 'replay-migration'));
      await mini.executeUpdate(moveCaseUpdate, {
        args: [moveInput(miniPlan({ dueDates: 'from_entry' }), 'replay-migration')],
      });
      await env.sleep(2 * DAY);
      await mini.executeUpdate(completeStepUpdate, {
        args: [
          {
            step: 'needs_assessment',
            outcome: 'assessed',
            data: { category: 'medical_needs' },
            actor: caseworker,
          },
        ],
      });
      return mini;
    },
  },
  ...[
    // A case completes its steps while the emails of its earlier steps are still being sent.
    // `messages-awaited` was recorded once with the interpreter before `messages-detached` (commit
    // 2dc8db9: each batch waited for its emails), proving that running cases keep that order under
    // the patch. Never re-record it with today's code.
    { name: 'messages-awaited', caseId: 'replay-8' },
    // The same walk under the patch: later projection rows and partner updates do not wait for emails.
    { name: 'messages-detached', caseId: 'replay-9' },
    // The same walk under 'local-writes': projection rows and partner updates by local activities.
    { name: 'local-writes', caseId: 'replay-10' },
    // The same walk under 'owed-messages': emails and partner updates owed in the projection's write.
    { name: 'owed-messages', caseId: 'replay-11' },
    // The same walk on the current type, caseWorkflowV2: no patch markers, quiet transitions.
    { name: 'current-type-walk', caseId: 'replay-12', current: true },
  ].map(({ name, caseId, current }) => ({
    name,
    current,
    async play(start: Start, _env: TestWorkflowEnvironment, controls: Controls) {
      controls.slowMessages(1500);
      const mini = await start(miniCase(caseId));
      const assess = { step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' } };
      await mini.executeUpdate(completeStepUpdate, { args: [{ ...assess, actor: caseworker }] });
      await mini.executeUpdate(completeStepUpdate, {
        args: [{ step: 'review', outcome: 'returned', data: {}, actor: supervisor }],
      });
      await mini.executeUpdate(completeStepUpdate, { args: [{ ...assess, actor: caseworker }] });
      await mini.executeUpdate(completeStepUpdate, {
        args: [{ step: 'review', outcome: 'approved', data: {}, actor: supervisor }],
      });
      await mini.signal(externalEventSignal, {
        event: 'state_decision',
        outcome: 'rejected',
        data: {},
        eventId: `sd-${caseId}`,
      });
      await mini.result();
      controls.slowMessages(0);
      return mini;
    },
  })),
  // The full path on the current type: its one timer kept across transitions, reminders on time.
  {
    name: 'current-type-full-path',
    current: true,
    play: (start, env) => playFullPath('replay-13', start, env),
  },
  // The full path of a case whose first transition the API recorded with its row: the run enters
  // the first step when the case was opened and writes its first batch only from the next change.
  {
    name: 'recorded-at-start',
    current: true,
    play: async (start, env) => {
      const openedAt = new Date((await env.currentTimeMs()) - 60_000).toISOString();
      return playFullPath('replay-14', (input) => start({ ...input, openedAt, recordedAtStart: true }), env);
    },
  },
  // Issue 12's hostile pass: events sent to a case on hold, more than it keeps (twenty), one of
  // them twice, then the resume. Recorded before the bound (every event kept) and with it.
  ...['waiting-events-unbounded', 'waiting-events-bounded'].map((name, i) => ({
    name,
    current: true,
    async play(start: Start) {
      const held = await start(miniCase(`replay-${15 + i}`));
      await held.executeUpdate(holdUpdate, { args: [{ reason: 'documents', actor: supervisor }] });
      for (const n of [...Array.from({ length: 24 }, (_, k) => k), 0])
        await held.signal(externalEventSignal, {
          event: 'documents_received',
          outcome: 'complete',
          data: {},
          eventId: `docs-${n}`,
        });
      await held.executeUpdate(resumeUpdate, { args: [{ actor: supervisor }] });
      await held.executeUpdate(closeUpdate, { args: [{ reason: 'withdrawn', actor: supervisor }] });
      await held.result();
      return held;
    },
  })),
  // A case returned from review to assessment more times than its state keeps visits (fifty),
  // then closed: its partners are told the last status. Recorded before the state kept only the
  // recent visits; the change alters no command, so it replays as it was.
  {
    name: 'many-visits',
    current: true,
    async play(start: Start) {
      const looping = await start(miniCase('replay-17'));
      for (let round = 0; round < 28; round++) {
        await looping.executeUpdate(completeStepUpdate, {
          args: [
            {
              step: 'assessment',
              outcome: 'assessed',
              data: { category: 'medical_needs' },
              actor: caseworker,
            },
          ],
        });
        await looping.executeUpdate(completeStepUpdate, {
          args: [{ step: 'review', outcome: 'returned', data: {}, actor: supervisor }],
        });
      }
      await looping.executeUpdate(closeUpdate, { args: [{ reason: 'withdrawn', actor: supervisor }] });
      await looping.result();
      return looping;
    },
  },
  // Issue 12: a migration of 20 cases, 8 at a time, every fifth one skipped (the moves are the
  // recording worker's fakes below: what replays is the migration's own history). Recorded when
  // the cases were listed all at once, and with pages.
  ...['migration-listed-at-once', 'migration-pages'].map((name, i) => ({
    name,
    current: true,
    async play(_start: Start, env: TestWorkflowEnvironment) {
      const handle = await env.client.workflow.start(migrationWorkflow, {
        taskQueue: 'record',
        workflowId: `migration-replay-${i}`,
        args: [
          {
            migrationId: `replay-${i}`,
            plan: miniPlan(),
            actor: { id: 'pm@pathways.test', roles: ['program_manager'] },
          },
        ],
      });
      await handle.result();
      return handle;
    },
  })),
];

/** The cases the recorded migrations move: twenty, by id. */
const MIGRATED = Array.from({ length: 20 }, (_, n) => ({
  caseId: `mig-${String(n).padStart(2, '0')}`,
  workflowId: `case-mig-${String(n).padStart(2, '0')}`,
}));

/** The migration activities of the recording worker: a fixed list; every fifth case cannot move. */
const migrationFakes = {
  async migrationCases(_plan: unknown, page?: { after: string | null; limit: number }) {
    if (!page) return MIGRATED;
    return MIGRATED.filter((c) => page.after === null || c.caseId > page.after).slice(0, page.limit);
  },
  async migrationCaseCount() {
    return MIGRATED.length;
  },
  async moveOneCase({ caseId }: { caseId: string }) {
    return Number(caseId.slice(-2)) % 5 === 0
      ? { caseId, outcome: 'skipped', reason: 'closed', message: 'the case is closed' }
      : { caseId, outcome: 'moved' };
  },
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !RECORDINGS.some((r) => r.name === name));
  if (unknown.length > 0) throw new Error(`no recording named ${unknown.join(', ')}`);
  const chosen = RECORDINGS.filter((r) =>
    asked.length > 0 ? asked.includes(r.name) : !existsSync(join(OUT, `${r.name}.json`)),
  );
  const env = await timeSkippingEnvironment();
  await registerCaseSearchAttributes(env);
  const recording = recordingActivities().activities;
  let messageMs = 0;
  const controls: Controls = { slowMessages: (ms) => (messageMs = ms) };
  const worker = await caseWorker(env, 'record', {
    ...recording,
    ...migrationFakes,
    async deliverNotification(request: Parameters<typeof recording.deliverNotification>[0]) {
      if (messageMs > 0) await new Promise((resolve) => setTimeout(resolve, messageMs));
      return recording.deliverNotification(request);
    },
  });
  const startAs =
    (type: typeof caseWorkflow): Start =>
    (input) =>
      env.client.workflow.start(type, {
        taskQueue: 'record',
        workflowId: caseWorkflowId(input.caseId),
        args: [input],
      });
  await worker.runUntil(async () => {
    for (const chosenRecording of chosen) {
      const start = startAs(chosenRecording.current ? caseWorkflowV2 : caseWorkflow);
      const handle = await chosenRecording.play(start, env, controls);
      await settled(handle);
      writeFileSync(join(OUT, `${chosenRecording.name}.json`), historyToJson(await handle.fetchHistory()));
      console.log(`recorded ${chosenRecording.name}`);
    }
  });
  await env.teardown();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
