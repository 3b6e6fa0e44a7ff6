// Records case workflow histories for the replay test (test/workflow/replay.test.ts).
// Run after a deliberate change to the interpreter's commands, never to silence a failure:
//   npx tsx test/support/record-histories.ts [name…]   (default: every history)
// The histories hold only fixture data (no personal data) and no payload encryption.
// After recording, run the replay test: a history that does not replay is not worth committing.
import type { WorkflowHandle } from '@temporalio/client';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../definitions/load';
import type { caseWorkflow } from '../../workflows';
import {
  caseWorkflowId, closeUpdate, completeStepUpdate, externalEventSignal, holdUpdate, reassignUpdate, resumeUpdate,
} from '../../workflows/messages';
import { caseworker, DAY, miniCase, otherCaseworker, supervisor } from './case-fixtures';
import { historyToJson } from './histories';
import { caseWorker, recordingActivities, registerCaseSearchAttributes, settled } from './case-worker';
import { timeSkippingEnvironment } from './temporal';

const OUT = join(__dirname, '..', 'fixtures', 'histories');

async function main(): Promise<void> {
  const env = await timeSkippingEnvironment();
  await registerCaseSearchAttributes(env);
  const worker = await caseWorker(env, 'record', recordingActivities().activities);
  const start = (input: ReturnType<typeof miniCase>) => env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    taskQueue: 'record', workflowId: caseWorkflowId(input.caseId), args: [input],
  });
  const save = async (name: string, handle: WorkflowHandle) => {
    await settled(handle);
    writeFileSync(join(OUT, `${name}.json`), historyToJson(await handle.fetchHistory()));
  };
  const recorders: Record<string, () => Promise<void>> = {
    'mini-full-path': async () => {
      const mini = await start(miniCase('replay-1'));
      await env.sleep(8 * DAY);
      await mini.executeUpdate(reassignUpdate, { args: [{ assignee: otherCaseworker.id, actor: supervisor }] });
      await mini.executeUpdate(holdUpdate, { args: [{ reason: 'security screening', actor: supervisor }] });
      await env.sleep(3 * DAY);
      await mini.executeUpdate(resumeUpdate, { args: [{ actor: supervisor }] });
      await mini.executeUpdate(completeStepUpdate, { args: [{ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' }, actor: caseworker }] });
      await mini.executeUpdate(completeStepUpdate, { args: [{ step: 'review', outcome: 'returned', data: {}, actor: supervisor }] });
      await mini.executeUpdate(completeStepUpdate, { args: [{ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs', dependants: 2 }, actor: otherCaseworker }] });
      await mini.executeUpdate(completeStepUpdate, { args: [{ step: 'review', outcome: 'approved', data: {}, actor: supervisor }] });
      await mini.executeUpdate(holdUpdate, { args: [{ reason: 'medical check', actor: supervisor }] });
      await mini.signal(externalEventSignal, { event: 'state_decision', outcome: 'accepted', data: {}, eventId: 'sd-1' });
      await mini.executeUpdate(resumeUpdate, { args: [{ actor: supervisor }] });
      await env.sleep(8 * DAY);
      await mini.result();
      await save('mini-full-path', mini);
    },
    'resettlement-ke-closed': async () => {
      const kenya = loadDefinitionsDir(SAMPLES_DIR).find((d) => d.definition.id === 'resettlement.ke')?.definition;
      if (!kenya) throw new Error('no resettlement.ke sample');
      const ke = await start(miniCase('replay-2', { definition: kenya, priority: 'urgent', reference: 'KE-REPLAY-2' }));
      await ke.executeUpdate(completeStepUpdate, { args: [{ step: 'identification', outcome: 'referred', data: { referral_source: 'health' }, actor: caseworker }] });
      await env.sleep(10 * DAY);
      await ke.signal(externalEventSignal, { event: 'state_decision', outcome: 'accepted', data: {}, eventId: 'early' });
      await ke.executeUpdate(closeUpdate, { args: [{ reason: 'withdrawn', actor: supervisor }] });
      await ke.result();
      await save('resettlement-ke-closed', ke);
    },
    // Resume applies an event received on hold: two partner updates in one batch, published in order.
    'partner-updates-in-order': async () => {
      const mini = await start(miniCase('replay-3'));
      await mini.executeUpdate(completeStepUpdate, { args: [{ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' }, actor: caseworker }] });
      await mini.executeUpdate(completeStepUpdate, { args: [{ step: 'review', outcome: 'approved', data: {}, actor: supervisor }] });
      await mini.executeUpdate(holdUpdate, { args: [{ reason: 'medical check', actor: supervisor }] });
      await mini.signal(externalEventSignal, { event: 'state_decision', outcome: 'rejected', data: {}, eventId: 'sd-3' });
      await mini.executeUpdate(resumeUpdate, { args: [{ actor: supervisor }] });
      await mini.result();
      await save('partner-updates-in-order', mini);
    },
    // The same walk as the pre-patch interpreter recorded it (two partner updates scheduled side by
    // side): recorded once with workflows/effects.ts of commit 3ff4539, proving that running cases
    // keep that order under the patch. Not re-recorded by default.
    'partner-updates-side-by-side': async () => {
      const mini = await start(miniCase('replay-4'));
      await mini.executeUpdate(completeStepUpdate, { args: [{ step: 'assessment', outcome: 'assessed', data: { category: 'medical_needs' }, actor: caseworker }] });
      await mini.executeUpdate(completeStepUpdate, { args: [{ step: 'review', outcome: 'approved', data: {}, actor: supervisor }] });
      await mini.executeUpdate(holdUpdate, { args: [{ reason: 'medical check', actor: supervisor }] });
      await mini.signal(externalEventSignal, { event: 'state_decision', outcome: 'rejected', data: {}, eventId: 'sd-4' });
      await mini.executeUpdate(resumeUpdate, { args: [{ actor: supervisor }] });
      await mini.result();
      await save('partner-updates-side-by-side', mini);
    },
  };
  const frozen = ['partner-updates-side-by-side'];
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !Object.hasOwn(recorders, n));
  if (unknown.length > 0) throw new Error(`no recorder for ${unknown.join(', ')}; known: ${Object.keys(recorders).join(', ')}`);
  await worker.runUntil(async () => {
    for (const [name, record] of Object.entries(recorders)) {
      if (names.length === 0 ? !frozen.includes(name) : names.includes(name)) await record();
    }
  });
  await env.teardown();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
