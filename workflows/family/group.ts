// The family group as a plain state machine: membership as the member cases report it, and the
// barriers of joint steps. Each function returns the new state and the commands the family
// workflow owes (messages to member cases or to another group). No Temporal imports.
import type {
  BarrierRelease,
  FamilyMember,
  FamilyDecision,
  FamilyHeldUp,
  FamilyRelease,
  FamilyView,
  MemberReport,
  MergeIntoInput,
  ReleaseBarrierInput,
  RemoveMemberInput,
  StartFamilyInput,
} from '../../contract/family';
import { FAMILY_EVENT_PREFIX } from '../../contract/family';
import type { RuleViolation } from '../../contract/rules';

/** How many barrier releases and removals a group remembers. */
export const FAMILY_LOG_LIMIT = 100;

export interface FamilyState {
  groupId: string;
  reference: string;
  createdBy: string;
  createdAt: string;
  status: 'active' | 'merged';
  mergedInto: string | null;
  members: FamilyMember[];
  /** Cases removed from the group, with the membership (epoch) that ended: its late reports are ignored. */
  removed: { caseId: string; epoch: number }[];
  releases: BarrierRelease[];
  /** Held-up notices already sent: waiting case, case waited on, its due date (absent in older runs). */
  notices?: string[];
}

/** A message the family workflow sends. */
export type FamilyCommand =
  | { kind: 'release'; workflowId: string; release: FamilyRelease }
  | { kind: 'left'; workflowId: string; groupId: string; epoch: number }
  | { kind: 'moved'; workflowId: string; from: string; to: string }
  | { kind: 'absorb'; target: string; members: FamilyMember[] }
  | { kind: 'forward'; target: string; report: MemberReport }
  | { kind: 'held_up'; workflowId: string; notice: FamilyHeldUp }
  | { kind: 'deliver'; workflowId: string; event: FamilyDecision['event'] }
  | { kind: 'forward_decision'; target: string; decision: FamilyDecision };

export interface FamilyTransition {
  state: FamilyState;
  commands: FamilyCommand[];
}

function violation(rule: RuleViolation['rule'], message: string): RuleViolation {
  return { rule, message: `${rule}: ${message}` };
}

function copy(state: FamilyState): FamilyState {
  return JSON.parse(JSON.stringify(state)) as FamilyState;
}

/** A new, empty family group. */
export function newFamily(input: StartFamilyInput, now: number): FamilyState {
  return {
    groupId: input.groupId,
    reference: input.reference,
    createdBy: input.createdBy,
    createdAt: new Date(now).toISOString(),
    status: 'active',
    mergedInto: null,
    members: [],
    removed: [],
    releases: [],
  };
}

const active = (member: FamilyMember) => !member.closed;

/** The members that keep the family waiting at a key: active, not there yet, and still able to reach it. */
export function holdersAt(state: FamilyState, key: string): FamilyMember[] {
  return state.members.filter((m) => active(m) && m.waiting?.key !== key && m.ahead.includes(key));
}

function waitingAt(state: FamilyState, key: string): FamilyMember[] {
  return state.members.filter((m) => active(m) && m.waiting?.key === key);
}

function release(
  next: FamilyState,
  key: string,
  cause: BarrierRelease['cause'],
  by: string,
  now: number,
  reason?: string,
): FamilyCommand[] {
  const members = waitingAt(next, key);
  next.releases = [
    ...next.releases,
    {
      key,
      at: new Date(now).toISOString(),
      cause,
      by,
      ...(reason ? { reason } : {}),
      members: members.map((m) => m.caseId),
    },
  ].slice(-FAMILY_LOG_LIMIT);
  return members.map((m) => {
    const visit = (m.waiting as NonNullable<FamilyMember['waiting']>).visit;
    m.waiting = null;
    return {
      kind: 'release',
      workflowId: m.workflowId,
      release: { groupId: next.groupId, key, visit, cause, by },
    };
  });
}

/** Releases every barrier that no active member holds any longer (mutates the working copy). */
function settle(next: FamilyState, now: number): FamilyCommand[] {
  const keys = [...new Set(next.members.filter(active).flatMap((m) => (m.waiting ? [m.waiting.key] : [])))];
  return keys
    .sort()
    .filter((key) => holdersAt(next, key).length === 0)
    .flatMap((key) => release(next, key, 'family_arrived', 'system:family', now));
}

/** Takes a member's report: the newest report of the current membership wins; stale ones change nothing. */
function upsert(next: FamilyState, report: MemberReport | FamilyMember, now: number): boolean {
  const removed = next.removed.find((r) => r.caseId === report.caseId);
  if (removed && removed.epoch >= report.epoch) return false;
  const index = next.members.findIndex((m) => m.caseId === report.caseId);
  const known = next.members[index];
  if (
    known &&
    (report.epoch < known.epoch || (report.epoch === known.epoch && report.revision <= known.revision))
  )
    return false;
  const joinedAt = known?.joinedAt ?? ('joinedAt' in report ? report.joinedAt : new Date(now).toISOString());
  const member: FamilyMember = { ...report, groupId: next.groupId, joinedAt };
  if (known) next.members[index] = member;
  else next.members.push(member);
  return true;
}

/** A member case reports where it stands (joined, moved, waiting, closed). */
export function applyReport(state: FamilyState, report: MemberReport, now: number): FamilyTransition {
  if (state.status === 'merged' && state.mergedInto)
    return { state, commands: [{ kind: 'forward', target: state.mergedInto, report }] };
  const next = copy(state);
  if (!upsert(next, report, now)) return { state, commands: [] };
  return { state: next, commands: settle(next, now) };
}

/** Checks a removal: the case must be a member. */
export function validateRemove(state: FamilyState, input: RemoveMemberInput): RuleViolation | null {
  if (state.status === 'merged')
    return violation('family_merged', `family ${state.groupId} was merged into ${state.mergedInto}`);
  if (!state.members.some((m) => m.caseId === input.caseId))
    return violation('not_in_family', `case ${input.caseId} is not a member of family ${state.groupId}`);
  return null;
}

/** Removes a member (split): it no longer holds the others, and is told so (it moves on if it waited). */
export function removeMember(
  state: FamilyState,
  input: RemoveMemberInput,
  now: number,
): FamilyTransition | RuleViolation {
  const broken = validateRemove(state, input);
  if (broken) return broken;
  const next = copy(state);
  const member = next.members.find((m) => m.caseId === input.caseId) as FamilyMember;
  next.members = next.members.filter((m) => m.caseId !== input.caseId);
  next.removed = [
    ...next.removed.filter((r) => r.caseId !== input.caseId),
    { caseId: input.caseId, epoch: member.epoch },
  ].slice(-FAMILY_LOG_LIMIT);
  const commands: FamilyCommand[] = [
    { kind: 'left', workflowId: member.workflowId, groupId: next.groupId, epoch: member.epoch },
  ];
  return { state: next, commands: [...commands, ...settle(next, now)] };
}

/** Checks a supervisor's release: someone must wait at the key. */
export function validateRelease(state: FamilyState, input: ReleaseBarrierInput): RuleViolation | null {
  if (state.status === 'merged')
    return violation('family_merged', `family ${state.groupId} was merged into ${state.mergedInto}`);
  if (waitingAt(state, input.key).length === 0)
    return violation('nothing_waiting', `no member of family ${state.groupId} waits at "${input.key}"`);
  return null;
}

/** A supervisor releases a barrier by hand: every member waiting there moves on now. */
export function releaseBarrier(
  state: FamilyState,
  input: ReleaseBarrierInput,
  now: number,
): FamilyTransition | RuleViolation {
  const broken = validateRelease(state, input);
  if (broken) return broken;
  const next = copy(state);
  return {
    state: next,
    commands: release(next, input.key, 'released_by_supervisor', input.actor.id, now, input.reason),
  };
}

/** Checks a merge: an active group merges into another one. */
export function validateMerge(state: FamilyState, input: MergeIntoInput): RuleViolation | null {
  if (state.status === 'merged')
    return violation('family_merged', `family ${state.groupId} was merged into ${state.mergedInto}`);
  if (input.target === state.groupId)
    return violation('invalid_input', 'invalid_input: a family cannot merge into itself');
  return null;
}

/** Merges this group into another: its members (waiting or not) move there, and are told so. */
export function mergeInto(state: FamilyState, input: MergeIntoInput): FamilyTransition | RuleViolation {
  const broken = validateMerge(state, input);
  if (broken) return broken;
  const next = copy(state);
  const members = next.members;
  Object.assign(next, { status: 'merged', mergedInto: input.target, members: [] });
  return {
    state: next,
    commands: [
      { kind: 'absorb', target: input.target, members },
      ...members.filter(active).map((m): FamilyCommand => ({
        kind: 'moved',
        workflowId: m.workflowId,
        from: next.groupId,
        to: input.target,
      })),
    ],
  };
}

/** Another group merged into this one: its members join (a merged group passes them on). */
export function absorb(state: FamilyState, members: FamilyMember[], now: number): FamilyTransition {
  if (state.status === 'merged' && state.mergedInto)
    return { state, commands: [{ kind: 'absorb', target: state.mergedInto, members }] };
  const next = copy(state);
  for (const member of members) upsert(next, member, now);
  return { state: next, commands: settle(next, now) };
}

/**
 * A decision for the whole family (received on one member) is delivered to every other active
 * member, under an event id the members do not pass on again (the same decision counts once each).
 */
export function shareDecision(state: FamilyState, decision: FamilyDecision): FamilyTransition {
  if (state.status === 'merged' && state.mergedInto)
    return { state, commands: [{ kind: 'forward_decision', target: state.mergedInto, decision }] };
  const eventId = `${FAMILY_EVENT_PREFIX}${decision.event.eventId}`.slice(0, 200);
  return {
    state,
    commands: state.members
      .filter((m) => active(m) && m.caseId !== decision.from)
      .map((m) => ({ kind: 'deliver', workflowId: m.workflowId, event: { ...decision.event, eventId } })),
  };
}

/** A waiting member hears that the family is held up once the member it waits on is a day overdue. */
export const HELD_UP_AFTER_MS = 24 * 3600_000;
const DAY_MS = 24 * 3600_000;

/**
 * The held-up notices owed at `now` (one per waiting member, member waited on and its due
 * date), and when the next one falls due (null: none is coming).
 */
export function heldUpNotices(state: FamilyState, now: number): FamilyTransition & { nextAt: number | null } {
  const next = copy(state);
  const sent = new Set(next.notices ?? []);
  const commands: FamilyCommand[] = [];
  let nextAt: number | null = null;
  const keys = [...new Set(next.members.filter(active).flatMap((m) => (m.waiting ? [m.waiting.key] : [])))];
  for (const key of keys.sort())
    for (const holder of holdersAt(next, key)) {
      if (holder.dueAt === null) continue;
      const due = Date.parse(holder.dueAt);
      if (due + HELD_UP_AFTER_MS > now) {
        nextAt = Math.min(nextAt ?? Number.POSITIVE_INFINITY, due + HELD_UP_AFTER_MS);
        continue;
      }
      for (const waiter of waitingAt(next, key)) {
        const notice = `${waiter.caseId}|${holder.caseId}|${holder.dueAt}`;
        if (sent.has(notice)) continue;
        sent.add(notice);
        commands.push({
          kind: 'held_up',
          workflowId: waiter.workflowId,
          notice: {
            groupId: next.groupId,
            waitingOn: holder.caseId,
            overdueSince: holder.dueAt,
            days: Math.floor((now - due) / DAY_MS),
          },
        });
      }
    }
  next.notices = [...sent].slice(-FAMILY_LOG_LIMIT * 2);
  return { state: commands.length > 0 ? next : state, commands, nextAt };
}

/** The group as the API shows it: members, and per waiting key who waits and on whom. */
export function familyView(state: FamilyState): FamilyView {
  const keys = [
    ...new Set(state.members.filter(active).flatMap((m) => (m.waiting ? [m.waiting.key] : []))),
  ].sort();
  return {
    groupId: state.groupId,
    reference: state.reference,
    status: state.status,
    mergedInto: state.mergedInto,
    createdAt: state.createdAt,
    createdBy: state.createdBy,
    members: state.members.map((m) => ({ ...m })),
    barriers: keys.map((key) => ({
      key,
      waiting: waitingAt(state, key)
        .map((m) => m.caseId)
        .sort(),
      waitingOn: holdersAt(state, key)
        .map((m) => m.caseId)
        .sort(),
    })),
    releases: state.releases.slice(-20),
  };
}
