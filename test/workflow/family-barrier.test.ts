// Family groups on the time-skipping server: member cases wait for each other on a joint step,
// through the races the feature exists for (arrivals together, removal, late joiners, merges,
// continue-as-new of the group, a member closed while the barrier releases).
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { releaseBarrierUpdate, removeMemberUpdate, mergeIntoUpdate } from '../../contract/family';
import { caseWorkerSuite, recordingActivities, sentMessages, settled } from '../support/case-worker';
import { caseworker, familyMoves, jointDefinition } from '../support/family-cases';
import { externalEventSignal } from '../../contract/messages';
import { validateDefinition } from '../../definitions/validate';

jest.setTimeout(180_000);

const recorder = recordingActivities();
const suite = caseWorkerSuite('families', () => recorder.activities);
const moves = familyMoves(() => suite.env, 'families');

/** True when the case has moved on from the joint step to its end (released and departed). */
const waitsFor = async (caseId: string) => (await moves.caseView(caseId)).family?.waitingFor ?? null;
const released = (caseId: string) =>
  moves.until(
    () => waitsFor(caseId),
    (key) => key === null,
    `release of ${caseId}`,
  );

async function groupOf(groupId: string, ...caseIds: string[]) {
  await moves.startFamily(groupId);
  for (const caseId of caseIds) {
    await moves.startCase(caseId);
    await moves.join(caseId, groupId);
  }
}

it('two members arriving at the same moment are released together, once', async () => {
  await groupOf('FAM-SAME1', 'same-a', 'same-b');
  await Promise.all([
    moves.complete('same-a', 'prepare', 'done'),
    moves.complete('same-b', 'prepare', 'done'),
  ]);
  await released('same-a');
  await released('same-b');
  const family = await moves.family('FAM-SAME1');
  expect(family.releases).toHaveLength(1);
  expect(family.releases[0]).toMatchObject({ key: 'departure', cause: 'family_arrived' });
  expect([...(family.releases[0]?.members ?? [])].sort()).toEqual(['same-a', 'same-b']);
  // Released, the step is theirs to complete.
  await moves.complete('same-a', 'departure', 'departed');
});

it('a member waits on the joint step (status waiting for family) and cannot complete it', async () => {
  await groupOf('FAM-WAIT1', 'wait-a', 'wait-b');
  const view = await moves.complete('wait-a', 'prepare', 'done');
  expect(view.family).toEqual({
    groupId: 'FAM-WAIT1',
    waitingFor: 'departure',
    waitingSince: expect.any(String),
  });
  const refused = await moves.complete('wait-a', 'departure', 'departed').catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((refused as WorkflowUpdateFailedError).cause?.message).toMatch(/^waiting_for_family: /);
  const family = await moves.until(
    () => moves.family('FAM-WAIT1'),
    (f) => f.barriers.length === 1,
    'barrier shown',
  );
  expect(family.barriers).toEqual([{ key: 'departure', waiting: ['wait-a'], waitingOn: ['wait-b'] }]);
});

it('a member removed while the others arrive no longer holds them, and moves on itself', async () => {
  await groupOf('FAM-SPLIT1', 'split-a', 'split-b', 'split-c');
  await moves.complete('split-c', 'prepare', 'done'); // c waits, held by a and b
  await moves.complete('split-a', 'prepare', 'done');
  await Promise.all([
    moves.familyHandle('FAM-SPLIT1').executeUpdate(removeMemberUpdate, {
      args: [{ caseId: 'split-b', actor: caseworker, reason: 'separate households' }],
    }),
    moves.complete('split-b', 'prepare', 'done'),
  ]);
  await released('split-a');
  await released('split-c');
  await released('split-b');
  expect((await moves.caseView('split-b')).family).toBeUndefined();
  const family = await moves.family('FAM-SPLIT1');
  expect(family.members.map((m) => m.caseId).sort()).toEqual(['split-a', 'split-c']);
  // b can join another group now: it is in at most one, and in none after the split.
  await moves.startFamily('FAM-SPLIT2');
  await moves.join('split-b', 'FAM-SPLIT2');
});

it('a member added after half arrived holds the others until it arrives too', async () => {
  await groupOf('FAM-LATE1', 'late-a', 'late-b');
  await moves.complete('late-a', 'prepare', 'done');
  await moves.startCase('late-c');
  await moves.join('late-c', 'FAM-LATE1');
  await moves.complete('late-b', 'prepare', 'done');
  const held = await moves.until(
    () => moves.family('FAM-LATE1'),
    (f) => f.barriers[0]?.waiting.length === 2,
    'both waiting',
  );
  expect(held.barriers).toEqual([{ key: 'departure', waiting: ['late-a', 'late-b'], waitingOn: ['late-c'] }]);
  expect(await waitsFor('late-a')).toBe('departure');
  await moves.complete('late-c', 'prepare', 'done');
  await released('late-a');
  await released('late-b');
  await released('late-c');
});

it('a case is in at most one group: joining a second is refused with in_another_family', async () => {
  await groupOf('FAM-ONE1', 'one-a');
  await moves.startFamily('FAM-ONE2');
  const refused = await moves.join('one-a', 'FAM-ONE2').catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((refused as WorkflowUpdateFailedError).cause?.message).toMatch(/^in_another_family: /);
});

it('a group merged while one member waits carries the waiting member into the other group', async () => {
  await groupOf('FAM-MRGA', 'merge-a', 'merge-x');
  await groupOf('FAM-MRGB', 'merge-y');
  await moves.complete('merge-a', 'prepare', 'done'); // waits, held by x
  await moves.familyHandle('FAM-MRGA').executeUpdate(mergeIntoUpdate, {
    args: [{ target: 'FAM-MRGB', actor: caseworker }],
  });
  const merged = await moves.until(
    () => moves.family('FAM-MRGB'),
    (f) => f.members.length === 3 && f.barriers[0]?.waiting.length === 1,
    'members absorbed',
  );
  expect(merged.barriers).toEqual([
    { key: 'departure', waiting: ['merge-a'], waitingOn: ['merge-x', 'merge-y'] },
  ]);
  await moves.until(
    () => moves.caseView('merge-a'),
    (v) => v.family?.groupId === 'FAM-MRGB',
    'case follows',
  );
  expect(await moves.family('FAM-MRGA')).toMatchObject({
    status: 'merged',
    mergedInto: 'FAM-MRGB',
    members: [],
  });
  await moves.complete('merge-x', 'prepare', 'done');
  expect(await waitsFor('merge-a')).toBe('departure');
  await moves.complete('merge-y', 'prepare', 'done');
  await released('merge-a');
  await released('merge-x');
  await released('merge-y');
});

it('a long-lived group continues as new and keeps its members and barriers', async () => {
  const group = await moves.startFamily('FAM-LONG1', 20);
  for (const caseId of ['long-a', 'long-b', 'long-c']) {
    await moves.startCase(caseId);
    await moves.join(caseId, 'FAM-LONG1');
  }
  await moves.complete('long-a', 'prepare', 'done');
  await moves.complete('long-b', 'prepare', 'done');
  // A supervisor's hand release and new reports keep the history growing past the limit.
  await moves.until(
    () => group.describe(),
    (d) => d.runId !== group.firstExecutionRunId,
    'continue-as-new',
  );
  // b's report may still be on its way: the new run takes it like the old one would have.
  const family = await moves.until(
    () => moves.family('FAM-LONG1'),
    (f) => f.barriers[0]?.waiting.length === 2,
    'both waiting after continue-as-new',
  );
  expect(family.members.map((m) => m.caseId)).toEqual(['long-a', 'long-b', 'long-c']);
  expect(family.barriers).toEqual([
    { key: 'departure', waiting: ['long-a', 'long-b'], waitingOn: ['long-c'] },
  ]);
  await moves.complete('long-c', 'prepare', 'done');
  await released('long-a');
  await released('long-c');
});

it('a member closed while the barrier releases does not stop the others', async () => {
  await groupOf('FAM-CLOSE1', 'close-a', 'close-b', 'close-c');
  await moves.complete('close-a', 'prepare', 'done');
  await moves.complete('close-b', 'prepare', 'done');
  // c closes (withdrawn) at the moment the barrier would release: a closed member holds no one,
  // and the release the group sends to a closed case is dropped without harm.
  await Promise.all([moves.close('close-c'), moves.close('close-a')]);
  await released('close-b');
  const family = await moves.family('FAM-CLOSE1');
  expect(family.members.find((m) => m.caseId === 'close-c')?.closed).toBe(true);
  expect(family.members.find((m) => m.caseId === 'close-a')?.closed).toBe(true);
  expect(family.barriers).toEqual([]);
  await moves.complete('close-b', 'departure', 'departed');
  await settled(moves.caseHandle('close-b'));
});

it('a supervisor releases a barrier by hand, with a reason the group keeps', async () => {
  await groupOf('FAM-HAND1', 'hand-a', 'hand-b');
  await moves.complete('hand-a', 'prepare', 'done');
  const refused = await moves
    .familyHandle('FAM-HAND1')
    .executeUpdate(releaseBarrierUpdate, { args: [{ key: 'submission', reason: 'x', actor: caseworker }] })
    .catch((err: unknown) => err);
  expect((refused as WorkflowUpdateFailedError).cause?.message).toMatch(/^nothing_waiting: /);
  await moves.until(
    () => moves.family('FAM-HAND1'),
    (f) => f.barriers.length === 1,
    'arrival',
  );
  const view = await moves.familyHandle('FAM-HAND1').executeUpdate(releaseBarrierUpdate, {
    args: [{ key: 'departure', reason: 'b travels later with the next flight', actor: caseworker }],
  });
  expect(view.releases.at(-1)).toMatchObject({
    key: 'departure',
    cause: 'released_by_supervisor',
    by: caseworker.id,
    reason: 'b travels later with the next flight',
    members: ['hand-a'],
  });
  await released('hand-a');
});

it("a waiting member's deadline pauses until the family is released, unless the step says it runs", async () => {
  await moves.startFamily('FAM-PAUSE1');
  await moves.startCase('pause-a');
  await moves.startCase('pause-b');
  await moves.startCase('run-a', jointDefinition('family-test-run', false));
  for (const caseId of ['pause-a', 'pause-b', 'run-a']) await moves.join(caseId, 'FAM-PAUSE1');
  const entered = await moves.complete('pause-a', 'prepare', 'done');
  await moves.complete('run-a', 'prepare', 'done');
  const runDue = (await moves.caseView('run-a')).dueAt;
  await suite.env.sleep('10 days');
  await moves.complete('pause-b', 'prepare', 'done');
  await released('pause-a');
  const after = await moves.caseView('pause-a');
  const waited = Date.parse(after.dueAt ?? '') - Date.parse(entered.dueAt ?? '');
  expect(waited).toBeGreaterThanOrEqual(10 * 24 * 3600_000);
  expect(after.overdue).toBe(false);
  const run = await moves.caseView('run-a');
  expect(run.dueAt).toBe(runDue);
  expect(run.overdue).toBe(true);
});

it("the family held up by a member's overdue step tells the waiting caseworker and supervisors, once", async () => {
  await groupOf('FAM-LATE9', 'held-a', 'held-b');
  await moves.complete('held-a', 'prepare', 'done'); // a waits; b's prepare is due in 30 days
  await suite.env.sleep('29 days');
  const notices = () =>
    sentMessages(recorder.calls).filter((m) => m.kind === 'family_waiting' && m.key.startsWith('held-a:'));
  expect(notices()).toEqual([]);
  await suite.env.sleep('3 days');
  await moves.until(
    async () => notices(),
    (sent) => sent.length === 2,
    'held-up notices',
  );
  await suite.env.sleep('5 days');
  await settled(moves.caseHandle('held-a'));
  const sent = notices();
  expect(sent.map((m) => JSON.stringify(m.to)).sort()).toEqual(['"assignee"', '{"role":"supervisor"}']);
  expect(sent.map((m) => m.key)).toEqual([
    expect.stringMatching(/^held-a:family:held-b:.*:held_up$/),
    expect.stringMatching(/^held-a:family:held-b:.*:held_up$/),
  ]);
  const request = recorder.calls.find(
    (c) =>
      c.activity === 'deliverNotification' &&
      c.request.kind === 'family_waiting' &&
      c.request.businessKey.startsWith('held-a:'),
  );
  expect(request?.activity === 'deliverNotification' && request.request.detail).toEqual({
    waitingOn: 'held-b',
    days: '1',
  });
  // Once b arrives, the family moves on together.
  await moves.complete('held-b', 'prepare', 'done');
  await released('held-a');
});

it('a State decision declared for the whole family, received on one member, is delivered to each', async () => {
  const decision = validateDefinition({
    id: 'family-decision',
    program: 'resettlement',
    title: 'Decision for the family',
    roles: ['caseworker'],
    start: 'state_decision',
    steps: [
      {
        id: 'state_decision',
        kind: 'wait',
        title: 'State decision',
        event: 'state_decision',
        appliesToFamily: true,
        outcomes: { accepted: 'departure', rejected: 'closed_rejected' },
      },
      {
        id: 'departure',
        kind: 'task',
        title: 'Departure',
        owner: 'caseworker',
        outcomes: { departed: 'done' },
      },
      { id: 'done', kind: 'end', title: 'Done', reason: 'resettled' },
      { id: 'closed_rejected', kind: 'end', title: 'Rejected', reason: 'rejected' },
    ],
  });
  if (!decision.ok) throw new Error(JSON.stringify(decision.problems));
  await moves.startFamily('FAM-DECIDE1');
  for (const caseId of ['decide-a', 'decide-b', 'decide-c']) {
    await moves.startCase(caseId, decision.definition);
    await moves.join(caseId, 'FAM-DECIDE1');
  }
  await moves.caseHandle('decide-a').signal(externalEventSignal, {
    event: 'state_decision',
    outcome: 'accepted',
    data: {},
    eventId: 'unhcr-2026-77',
  });
  for (const caseId of ['decide-a', 'decide-b', 'decide-c'])
    await moves.until(
      () => moves.caseView(caseId),
      (v) => v.currentStep === 'departure',
      `${caseId} decided`,
    );
  const b = await moves.caseView('decide-b');
  expect(b.history[0]).toMatchObject({
    step: 'state_decision',
    outcome: 'accepted',
    actor: 'event:state_decision',
  });
  // Delivered once to each: the members do not pass the family's copy on again.
  await settled(moves.familyHandle('FAM-DECIDE1'));
  const events = recorder.calls.flatMap((c) =>
    c.activity === 'applyProjection'
      ? c.batch.events.filter((e) => e.caseId.startsWith('decide-') && e.kind.startsWith('external_event'))
      : [],
  );
  expect(events.map((e) => `${e.caseId} ${e.kind}`).sort()).toEqual([
    'decide-a external_event',
    'decide-b external_event',
    'decide-c external_event',
  ]);
});

it('partners hear the family-level status: waiting for the family, then moving on with it', async () => {
  await moves.startFamily('FAM-PARTNER1');
  const partners = [{ partnerId: 'ngo-ke', role: 'referring' as const }];
  await moves.startCase('partner-a', jointDefinition(), partners);
  await moves.startCase('partner-b', jointDefinition(), partners);
  for (const caseId of ['partner-a', 'partner-b']) await moves.join(caseId, 'FAM-PARTNER1');
  await moves.complete('partner-a', 'prepare', 'done');
  await moves.complete('partner-b', 'prepare', 'done');
  await released('partner-a');
  await released('partner-b');
  await settled(moves.caseHandle('partner-a'));
  const updates = recorder.calls.flatMap((c) =>
    c.activity === 'publishPartnerUpdate' && c.update.case.caseId === 'partner-a' ? [c.update] : [],
  );
  expect(updates.map((u) => [u.event, u.status])).toEqual([
    ['step_entered', 'Preparing departure'],
    ['family_waiting', 'Preparing departure'],
    ['family_released', 'Preparing departure'],
  ]);
  expect(updates.map((u) => u.sequence)).toEqual([1, 2, 3]);
});
