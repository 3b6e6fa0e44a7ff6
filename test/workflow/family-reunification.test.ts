// Family reunification in Kenya for a separated child: BIA, then the BID panel, whose
// rejection sends the case back to the BIA; then the embassy, exit clearance, travel, reunion.
import type { WorkflowHandle } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../definitions/load';
import { caseWorkflowV2 } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import {
  caseStateQuery,
  completeStepUpdate,
  externalEventSignal,
  type Actor,
  type CompleteStepInput,
} from '../../contract/messages';
import { caseWorkerSuite, recordingActivities, sentMessages, settled } from '../support/case-worker';

jest.setTimeout(120_000);

const definition = loadDefinitionsDir(SAMPLES_DIR).find(
  (d) => d.definition.id === 'family-reunification.ke',
)?.definition;
const caseworker: Actor = { id: 'nekesa@pathways.test', roles: ['caseworker'] };
const childProtection: Actor = {
  id: 'halima@pathways.test',
  roles: ['child_protection_officer', 'bid_panel'],
};
const panelChair: Actor = { id: 'kiprop@pathways.test', roles: ['bid_panel'] };
const legalAid: Actor = { id: 'irap-ke@pathways.test', roles: ['legal_aid'] };
const iom: Actor = { id: 'mwangi@pathways.test', roles: ['iom_officer'] };

const recorder = recordingActivities();

const suite = caseWorkerSuite('family-reunification', () => recorder.activities);

async function complete(
  handle: WorkflowHandle,
  step: string,
  outcome: string,
  actor: Actor,
  data: CompleteStepInput['data'] = {},
) {
  const view = await handle.executeUpdate(completeStepUpdate, { args: [{ step, outcome, actor, data }] });
  await settled(handle);
  return view;
}

async function event(handle: WorkflowHandle, name: string, outcome: string, eventId: string) {
  await handle.signal(externalEventSignal, { event: name, outcome, data: {}, eventId });
  await settled(handle);
}

it('returns a BID panel rejection to the BIA, then reunites the family', async () => {
  if (!definition) throw new Error('definitions/samples has no family-reunification.ke');
  const handle = await suite.env.client.workflow.start(caseWorkflowV2, {
    taskQueue: 'family-reunification',
    workflowId: caseWorkflowId('fr-1'),
    args: [
      {
        caseId: 'fr-1',
        reference: 'KE-FR-2026-0009',
        definition,
        definitionVersion: 1,
        priority: 'urgent',
        assignee: caseworker.id,
        partners: [{ partnerId: 'rcke', role: 'referring' }],
        startedBy: 'intake@pathways.test',
      },
    ],
  });
  await settled(handle);
  await complete(handle, 'tracing', 'traced', caseworker, {
    relationship: 'child',
    unaccompanied_child: true,
  });
  await complete(handle, 'family_link_verification', 'verified_child', caseworker, {
    verification_method: 'dna',
  });
  await complete(handle, 'bia', 'recommend_reunification', childProtection, {
    recommendation: 'Reunify with mother in Germany',
  });

  // The officer who wrote the BIA also sits on the panel: four eyes forbids her deciding it.
  const refused = await handle
    .executeUpdate(completeStepUpdate, {
      args: [{ step: 'bid_panel', outcome: 'approved', data: {}, actor: childProtection }],
    })
    .catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((refused as WorkflowUpdateFailedError).cause?.message).toBe(
    'four_eyes: the reviewer of "bid_panel" may not be the person who completed the previous step',
  );

  const rejected = await complete(handle, 'bid_panel', 'rejected', panelChair);
  expect(rejected).toMatchObject({ currentStep: 'bia', visit: 5 });
  await complete(handle, 'bia', 'recommend_reunification', childProtection, {
    recommendation: 'Mother traced; home visit done',
  });
  await complete(handle, 'bid_panel', 'approved', panelChair);
  await complete(handle, 'eligibility_check', 'eligible', caseworker, { legal_aid_referred: true });
  await complete(handle, 'visa_application', 'lodged', legalAid, { destination_state: 'Germany' });
  await event(handle, 'documents_complete', 'complete', 'docs-1');
  await suite.env.sleep('60 days');
  await event(handle, 'embassy_decision', 'granted', 'embassy-de-301');
  await event(handle, 'embassy_decision', 'granted', 'embassy-de-301'); // delivered twice: counts once
  await event(handle, 'exit_clearance_issued', 'cleared', 'drs-88');
  await complete(handle, 'travel_arrangements', 'booked', iom, { travel_date: '2026-09-01' });
  await complete(handle, 'reunited', 'arrived', caseworker, { arrival_date: '2026-09-02' });
  await suite.env.sleep('100 days');
  await settled(handle);
  await complete(handle, 'follow_up', 'done', caseworker);
  const result = await handle.result();

  expect(result).toMatchObject({ status: 'closed', closureReason: 'reunited' });
  expect(result.history.map((h) => `${h.step}:${h.outcome ?? '-'}`)).toEqual([
    'tracing:traced',
    'family_link_verification:verified_child',
    'bia:recommend_reunification',
    'bid_panel:rejected',
    'bia:recommend_reunification',
    'bid_panel:approved',
    'eligibility_check:eligible',
    'visa_application:lodged',
    'document_collection:complete',
    'embassy_decision:granted',
    'exit_clearance:cleared',
    'travel_arrangements:booked',
    'reunited:arrived',
    'wait_3_months:elapsed',
    'follow_up:done',
    'closed_reunited:-',
  ]);
  expect(result.history[3]?.actor).toBe(panelChair.id);
  const keys = sentMessages(recorder.calls).map((m) => `${m.kind} ${m.key}`);
  expect(keys).toEqual(
    expect.arrayContaining([
      'task_assigned fr-1:v3:enter:notify0:1',
      'step_completed fr-1:v4:outcome:notify1:1',
      'task_assigned fr-1:v5:enter:notify0:1',
      'partner_update fr-1:v10:outcome:notify0:1',
      'case_closed fr-1:v16:enter:notify0:1',
    ]),
  );
  expect(keys.filter((k) => k.includes(':v4:outcome:'))).toEqual([
    'step_completed fr-1:v4:outcome:notify1:1',
  ]);
  expect(keys.filter((k) => k.includes(':v6:outcome:'))).toEqual([]);
  expect(new Set(keys).size).toBe(keys.length);
  const bidRejection = sentMessages(recorder.calls).find((m) => m.key === 'fr-1:v4:outcome:notify1:1');
  expect(bidRejection?.to).toEqual({ role: 'child_protection_officer' });
  expect((await handle.query(caseStateQuery)).pendingReminders).toEqual([]);
});
