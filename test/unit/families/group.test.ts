// The family group state machine: barriers release when no active member that can still reach
// the key is missing; stale reports change nothing; removal, merge and hand release.
import type { FamilyMember, MemberReport } from '../../../contract/family';
import {
  absorb,
  applyReport,
  familyView,
  heldUpNotices,
  HELD_UP_AFTER_MS,
  mergeInto,
  newFamily,
  releaseBarrier,
  removeMember,
  type FamilyState,
} from '../../../workflows/family/group';

const actor = { id: 'sup@pathways.test', roles: ['supervisor'] };
const report = (caseId: string, over: Partial<MemberReport> = {}): MemberReport => ({
  caseId,
  workflowId: `case-${caseId}`,
  groupId: 'FAM-AAAA',
  epoch: 1,
  revision: 1,
  closed: false,
  dueAt: null,
  ahead: ['departure'],
  waiting: null,
  ...over,
});
const arrive = (caseId: string, revision = 2) =>
  report(caseId, {
    revision,
    ahead: [],
    waiting: { key: 'departure', visit: 3, since: '2026-01-01T00:00:00Z' },
  });

function feed(state: FamilyState, ...reports: MemberReport[]) {
  let commands: unknown[] = [];
  for (const r of reports) {
    const t = applyReport(state, r, 0);
    state = t.state;
    commands = [...commands, ...t.commands];
  }
  return { state, commands };
}

const empty = () => newFamily({ groupId: 'FAM-AAAA', reference: 'KE-FAM-1', createdBy: 'x' }, 0);

it('releases a key once every active member that can reach it is there', () => {
  const half = feed(empty(), report('a'), report('b'), arrive('a'));
  expect(half.commands).toEqual([]);
  expect(familyView(half.state).barriers).toEqual([{ key: 'departure', waiting: ['a'], waitingOn: ['b'] }]);
  const all = feed(half.state, arrive('b'));
  expect(all.commands.map((c) => (c as { workflowId: string }).workflowId)).toEqual(['case-a', 'case-b']);
  expect(familyView(all.state).releases[0]).toMatchObject({ key: 'departure', cause: 'family_arrived' });
});

it('an older report of a member changes nothing; a closed member or one past the key holds no one', () => {
  const { state } = feed(empty(), report('a'), report('b'), arrive('a', 5), report('a', { revision: 3 }));
  expect(state.members[0]?.waiting?.key).toBe('departure');
  const closed = feed(
    feed(empty(), report('a'), report('b')).state,
    arrive('a'),
    report('b', { revision: 4, closed: true }),
  );
  expect(closed.commands).toHaveLength(1);
  const past = feed(
    feed(empty(), report('a'), report('b')).state,
    arrive('a'),
    report('b', { revision: 4, ahead: [] }),
  );
  expect(past.commands).toHaveLength(1);
});

it('a removed member is told, releases the others, and its late reports are ignored', () => {
  const before = feed(empty(), report('a'), report('b'), arrive('a')).state;
  const removed = removeMember(before, { caseId: 'b', actor }, 0);
  if ('rule' in removed) throw new Error(removed.message);
  expect(removed.commands.map((c) => c.kind)).toEqual(['left', 'release']);
  expect(
    applyReport(removed.state, report('b', { revision: 9 }), 0).state.members.map((m) => m.caseId),
  ).toEqual(['a']);
  expect(applyReport(removed.state, report('b', { epoch: 10, revision: 10 }), 0).state.members).toHaveLength(
    2,
  );
  expect(removeMember(removed.state, { caseId: 'b', actor }, 0)).toMatchObject({ rule: 'not_in_family' });
});

it('a merge hands the members to the target, which waits for its own members too', () => {
  const source = feed(empty(), report('a'), report('x'), arrive('a')).state;
  const merged = mergeInto(source, { target: 'FAM-BBBB', actor });
  if ('rule' in merged) throw new Error(merged.message);
  expect(merged.commands.map((c) => c.kind)).toEqual(['absorb', 'moved', 'moved']);
  const target = feed(
    newFamily({ groupId: 'FAM-BBBB', reference: 'r', createdBy: 'x' }, 0),
    report('y', { groupId: 'FAM-BBBB' }),
  ).state;
  const absorbed = absorb(target, (merged.commands[0] as unknown as { members: FamilyMember[] }).members, 0);
  expect(familyView(absorbed.state).barriers).toEqual([
    { key: 'departure', waiting: ['a'], waitingOn: ['x', 'y'] },
  ]);
  expect(applyReport(merged.state, report('a', { revision: 7 }), 0).commands[0]).toMatchObject({
    kind: 'forward',
  });
});

it('a supervisor releases by hand only where someone waits', () => {
  const state = feed(empty(), report('a'), report('b'), arrive('a')).state;
  expect(releaseBarrier(state, { key: 'submission', reason: 'r', actor }, 0)).toMatchObject({
    rule: 'nothing_waiting',
  });
  const released = releaseBarrier(state, { key: 'departure', reason: 'flight', actor }, 0);
  if ('rule' in released) throw new Error(released.message);
  expect(released.commands).toHaveLength(1);
  expect(familyView(released.state).releases[0]).toMatchObject({
    cause: 'released_by_supervisor',
    reason: 'flight',
  });
});

it('a waiting member hears once, a day after the member it waits on became overdue', () => {
  const due = Date.parse('2026-03-01T00:00:00Z');
  const state = feed(
    empty(),
    report('a'),
    report('b', { dueAt: new Date(due).toISOString() }),
    arrive('a'),
  ).state;
  const early = heldUpNotices(state, due + 3600_000);
  expect(early.commands).toEqual([]);
  expect(early.nextAt).toBe(due + HELD_UP_AFTER_MS);
  const owed = heldUpNotices(state, due + 3 * HELD_UP_AFTER_MS);
  expect(owed.commands).toEqual([
    {
      kind: 'held_up',
      workflowId: 'case-a',
      notice: { groupId: 'FAM-AAAA', waitingOn: 'b', overdueSince: new Date(due).toISOString(), days: 3 },
    },
  ]);
  expect(heldUpNotices(owed.state, due + 9 * HELD_UP_AFTER_MS).commands).toEqual([]);
  // A new due date of b (another step) is a new notice.
  const later = applyReport(
    owed.state,
    report('b', { revision: 5, dueAt: new Date(due + 1e9).toISOString() }),
    0,
  );
  expect(heldUpNotices(later.state, due + 1e9 + 2 * HELD_UP_AFTER_MS).commands).toHaveLength(1);
});
