// Messages between member cases, their family group workflow and the API: a family group links
// cases that move together (joint steps). The family workflow holds the membership as its
// member cases report it and releases a barrier when every active member has reached its key.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { Actor } from './messages';

/** A family group id: non-personal, e.g. FAM-7K2Q9D. */
export const FamilyId = z.string().regex(/^FAM-[0-9A-Z]{4,20}$/, { message: 'must look like FAM-7K2Q9D' });

/**
 * The most member cases one family group holds. A family is several linked cases (DOMAIN.md);
 * the bound keeps the group's state, carried across continue-as-new and answered whole, far
 * within Temporal's 2 MB payload limit.
 */
export const MAX_FAMILY_MEMBERS = 50;

/** The workflow id of a family group. */
export function familyWorkflowId(groupId: string): string {
  return `family-${groupId}`;
}

/** Where a member case stands towards its family's barriers, as the case reports it. */
export const MemberReport = z
  .object({
    caseId: z.string().min(1).max(100),
    workflowId: z.string().min(1).max(200),
    groupId: FamilyId,
    /** The case's revision when it joined: a report of an earlier membership is stale. */
    epoch: z.number().int().nonnegative(),
    /** The case's revision when it reported: the family keeps the newest report. */
    revision: z.number().int().nonnegative(),
    closed: z.boolean(),
    /** Joint keys the case may still reach after its current step: the barriers it holds the family at. */
    ahead: z.array(z.string().max(64)).max(100),
    /** The case's running due date (none while paused, on hold or closed): the family's overdue notice counts from it. */
    dueAt: z.string().max(40).nullable().default(null),
    /** The joint step the case waits on, if any. */
    waiting: z
      .object({ key: z.string().max(64), visit: z.number().int(), since: z.string().max(40) })
      .strict()
      .nullable(),
  })
  .strict();
export type MemberReport = z.output<typeof MemberReport>;

/** The family tells a waiting member that it is held up by another member's overdue step. */
export interface FamilyHeldUp {
  groupId: string;
  /** The case the family waits on (its id: not personal). */
  waitingOn: string;
  /** The due date of the step it is overdue on: one notice per waiting member and due date. */
  overdueSince: string;
  days: number;
}

/** An external event one member received that decides for the whole family. */
export interface FamilyDecision {
  from: string;
  event: {
    event: string;
    outcome: string;
    eventId: string;
    data: Record<string, string | number | boolean | null>;
  };
}

/** Event ids a family delivers start with this: a member does not pass them on again. */
export const FAMILY_EVENT_PREFIX = 'family:';

/** What the family workflow holds about one member. */
export interface FamilyMember extends MemberReport {
  joinedAt: string;
}

/** Why a waiting case moved on: its family arrived, a supervisor released it, or it left the group. */
export type ReleaseCause = 'family_arrived' | 'released_by_supervisor' | 'left_family';

/** The family tells a waiting member to move on from its joint step. */
export interface FamilyRelease {
  groupId: string;
  key: string;
  visit: number;
  cause: ReleaseCause;
  by: string;
}

/** One barrier release, as the family keeps it (bounded log). */
export interface BarrierRelease {
  key: string;
  at: string;
  cause: Exclude<ReleaseCause, 'left_family'>;
  by: string;
  reason?: string;
  members: string[];
}

/** The family group as its workflow answers it. */
export interface FamilyView {
  groupId: string;
  reference: string;
  status: 'active' | 'merged';
  mergedInto: string | null;
  createdAt: string;
  createdBy: string;
  members: FamilyMember[];
  /** Per joint key someone waits at: who waits there and whom they wait on. */
  barriers: { key: string; waiting: string[]; waitingOn: string[] }[];
  releases: BarrierRelease[];
}

/** What a family group workflow is started with. */
export interface StartFamilyInput {
  groupId: string;
  reference: string;
  createdBy: string;
  /** History length after which the group continues as new (tests lower it). */
  continueAsNewAfter?: number;
}

export const JoinFamilyInput = z.object({ groupId: FamilyId, actor: Actor }).strict();
export const RemoveMemberInput = z
  .object({ caseId: z.string().min(1).max(100), actor: Actor, reason: z.string().max(500).optional() })
  .strict();
export const ReleaseBarrierInput = z
  .object({ key: z.string().min(1).max(64), reason: z.string().trim().min(1).max(500), actor: Actor })
  .strict();
export const MergeIntoInput = z.object({ target: FamilyId, actor: Actor }).strict();

export type JoinFamilyInput = z.infer<typeof JoinFamilyInput>;
export type RemoveMemberInput = z.infer<typeof RemoveMemberInput>;
export type ReleaseBarrierInput = z.infer<typeof ReleaseBarrierInput>;
export type MergeIntoInput = z.infer<typeof MergeIntoInput>;

// Case workflow messages.
export const joinFamilyUpdate = defineUpdate<MemberReport, [JoinFamilyInput]>('joinFamily');
export const familyReleaseSignal = defineSignal<[FamilyRelease]>('familyRelease');
export const familyLeftSignal = defineSignal<[{ groupId: string; epoch: number }]>('familyLeft');
export const familyHeldUpSignal = defineSignal<[FamilyHeldUp]>('familyHeldUp');
export const familyMovedSignal = defineSignal<[{ from: string; to: string }]>('familyMoved');

// Family workflow messages.
export const familyDecisionSignal = defineSignal<[FamilyDecision]>('familyDecision');
export const memberReportSignal = defineSignal<[MemberReport]>('memberReport');
export const reportMemberUpdate = defineUpdate<FamilyView, [MemberReport]>('reportMember');
export const removeMemberUpdate = defineUpdate<FamilyView, [RemoveMemberInput]>('removeMember');
export const releaseBarrierUpdate = defineUpdate<FamilyView, [ReleaseBarrierInput]>('releaseBarrier');
export const mergeIntoUpdate = defineUpdate<FamilyView, [MergeIntoInput]>('mergeInto');
export const absorbFamilySignal = defineSignal<[{ from: string; members: FamilyMember[] }]>('absorbFamily');
export const familyStateQuery = defineQuery<FamilyView>('familyState');
