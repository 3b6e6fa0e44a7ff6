// Family groups for API callers: each action goes to the group's workflow (and, to join, to the
// case's own workflow first: a case is in at most one group, which only the case can answer).
// Members are shown only where the caller may see the case.
import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Database } from '../../lib/database';
import {
  familyStateQuery,
  familyWorkflowId,
  joinFamilyUpdate,
  mergeIntoUpdate,
  releaseBarrierUpdate,
  removeMemberUpdate,
  reportMemberUpdate,
  MAX_FAMILY_MEMBERS,
  type FamilyView,
} from '../../contract/family';
import type { Actor } from '../../contract/messages';
import { familyWorkflow } from '../../workflows/family.workflow';
import { inScope, type Principal } from '../access/roles';
import { audit } from '../audit';
import { actorFor, caseFor } from '../cases/access';
import { fromTemporal, fromTemporalForCase, withinDeadline } from '../cases/temporal-errors';
import { ApiError, NotFoundError, ruleError } from '../errors';
import type { FamilyResponse } from '../schemas/families';

export interface FamilyContext {
  db: Database;
  temporal: Client;
  taskQueue: string;
  deadlineMs: number;
}

/** What reading a group needs (the web's case page has no task queue to start workflows on). */
export type FamilyReadContext = Omit<FamilyContext, 'taskQueue'>;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new family group id: FAM- and 10 Crockford base32 characters (random, not personal). */
export function newFamilyId(): string {
  return `FAM-${[...randomBytes(10)].map((b) => CROCKFORD[b % 32]).join('')}`;
}

function familyError(err: unknown, familyId: string): ApiError {
  if (err instanceof WorkflowNotFoundError) return new NotFoundError('family', familyId);
  return fromTemporal(err, familyId);
}

const staffActor = (caller: Principal): Actor => ({ id: caller.principal, roles: [caller.role] });

async function call<R>(ctx: FamilyReadContext, familyId: string, fn: () => Promise<R>): Promise<R> {
  try {
    return await withinDeadline(ctx.temporal, ctx.deadlineMs, fn);
  } catch (err) {
    throw familyError(err, familyId);
  }
}

const handle = (ctx: FamilyReadContext, familyId: string) =>
  ctx.temporal.workflow.getHandle(familyWorkflowId(familyId));

/** The group as its workflow holds it (404 when there is no such group). */
export function familyState(ctx: FamilyReadContext, familyId: string): Promise<FamilyView> {
  return call(ctx, familyId, () => handle(ctx, familyId).query(familyStateQuery));
}

/** The ids of a group's members (the list endpoint's family filter). */
export async function familyMemberIds(ctx: FamilyContext, familyId: string): Promise<string[]> {
  return (await familyState(ctx, familyId)).members.map((m) => m.caseId);
}

/** The group as the caller may see it: visible members with their country, step and due date. */
export async function familyResponse(
  ctx: FamilyReadContext,
  caller: Principal,
  view: FamilyView,
): Promise<FamilyResponse> {
  const rows = await ctx.db.case.findMany({
    where: { id: { in: view.members.map((m) => m.caseId) } },
    include: { partners: true },
  });
  const visible = new Map(
    rows
      .filter((row) =>
        caller.role === 'partner'
          ? row.partners.some((p) => p.partnerId === caller.partnerId)
          : inScope(caller, row.country),
      )
      .map((row) => [row.id, row]),
  );
  const now = Date.now();
  const members = view.members.flatMap((member) => {
    const row = visible.get(member.caseId);
    if (!row) return [];
    const dueAt = row.dueAt?.toISOString() ?? null;
    return [
      {
        caseId: member.caseId,
        country: row.country,
        definitionId: row.definitionId,
        status: member.waiting && !member.closed ? 'waiting_for_family' : row.status,
        currentStep: row.currentStep,
        dueAt,
        overdue: row.status === 'open' && row.dueAt !== null && row.dueAt.getTime() < now,
        closed: member.closed,
        waitingFor: member.closed ? null : (member.waiting?.key ?? null),
        waitingSince: member.closed ? null : (member.waiting?.since ?? null),
        joinedAt: member.joinedAt,
      },
    ];
  });
  const shown = (ids: string[]) => ids.filter((id) => visible.has(id));
  return {
    id: view.groupId,
    reference: view.reference,
    status: view.status,
    mergedInto: view.mergedInto,
    createdAt: view.createdAt,
    createdBy: view.createdBy,
    members,
    hiddenMembers: view.members.length - members.length,
    barriers: view.barriers.map((b) => ({
      key: b.key,
      waiting: shown(b.waiting),
      waitingOn: shown(b.waitingOn),
      hiddenWaitingOn: b.waitingOn.length - shown(b.waitingOn).length,
    })),
    releases: view.releases.map((r) => ({ ...r, members: shown(r.members) })),
  };
}

/** Starts a new, empty family group. */
export async function createFamily(
  ctx: FamilyContext,
  caller: Principal,
  reference: string,
): Promise<FamilyView> {
  const groupId = newFamilyId();
  await call(ctx, groupId, () =>
    ctx.temporal.workflow.start(familyWorkflow, {
      taskQueue: ctx.taskQueue,
      workflowId: familyWorkflowId(groupId),
      args: [{ groupId, reference, createdBy: caller.principal }],
    }),
  );
  await audit(ctx.db, caller, 'family.create', null, { familyId: groupId, reference });
  return familyState(ctx, groupId);
}

function activeOrConflict(view: FamilyView): void {
  if (view.status === 'merged')
    throw ruleError(
      'family_merged',
      `family_merged: family ${view.groupId} was merged into ${view.mergedInto}`,
      {
        familyId: view.groupId,
        mergedInto: view.mergedInto,
      },
    );
}

/**
 * Refuses to grow a group past `MAX_FAMILY_MEMBERS` member cases (409 family_full). Checked
 * before the case joins, so a refused case stays out of every group; two adds at the same moment
 * may pass it by one each, far within what the group's state can carry.
 */
function roomFor(view: FamilyView, joining: readonly string[]): void {
  const known = new Set(view.members.map((m) => m.caseId));
  const added = joining.filter((id) => !known.has(id)).length;
  if (added > 0 && view.members.length + added > MAX_FAMILY_MEMBERS)
    throw ruleError(
      'family_full',
      `family_full: family ${view.groupId} has ${view.members.length} member cases; a family group holds at most ${MAX_FAMILY_MEMBERS}`,
      { familyId: view.groupId, members: view.members.length, joining: added, limit: MAX_FAMILY_MEMBERS },
    );
}

/** Adds a case the caller may see: the case joins (409 when in another group), then the group takes it in. */
export async function addMember(
  ctx: FamilyContext,
  caller: Principal,
  familyId: string,
  caseId: string,
): Promise<FamilyView> {
  const row = await caseFor(ctx.db, caller, caseId);
  const group = await familyState(ctx, familyId);
  activeOrConflict(group);
  roomFor(group, [caseId]);
  const actor = await actorFor(ctx.db, caller, row);
  let report;
  try {
    report = await withinDeadline(ctx.temporal, ctx.deadlineMs, () =>
      ctx.temporal.workflow
        .getHandle(row.workflowId)
        .executeUpdate(joinFamilyUpdate, { args: [{ groupId: familyId, actor }] }),
    );
  } catch (err) {
    throw await fromTemporalForCase(err, ctx.db, caseId);
  }
  const view = await call(ctx, familyId, () =>
    handle(ctx, familyId).executeUpdate(reportMemberUpdate, { args: [report] }),
  );
  await audit(ctx.db, caller, 'family.add_member', caseId, { familyId });
  return view;
}

/** Removes a member (split): it stops holding the others and moves on if it waited. */
export async function removeMember(
  ctx: FamilyContext,
  caller: Principal,
  familyId: string,
  caseId: string,
  reason: string | undefined,
): Promise<FamilyView> {
  await caseFor(ctx.db, caller, caseId);
  const view = await call(ctx, familyId, () =>
    handle(ctx, familyId).executeUpdate(removeMemberUpdate, {
      args: [{ caseId, actor: staffActor(caller), ...(reason ? { reason } : {}) }],
    }),
  );
  await audit(ctx.db, caller, 'family.remove_member', caseId, { familyId, withReason: reason !== undefined });
  return view;
}

/** Merges one group into another: the members (waiting or not) move to the target. */
export async function mergeFamilies(
  ctx: FamilyContext,
  caller: Principal,
  familyId: string,
  into: string,
): Promise<FamilyView> {
  if (familyId === into)
    throw ruleError('invalid_input', 'invalid_input: a family cannot merge into itself', { familyId });
  const target = await familyState(ctx, into);
  activeOrConflict(target);
  roomFor(target, await familyMemberIds(ctx, familyId));
  await call(ctx, familyId, () =>
    handle(ctx, familyId).executeUpdate(mergeIntoUpdate, {
      args: [{ target: into, actor: staffActor(caller) }],
    }),
  );
  await audit(ctx.db, caller, 'family.merge', null, { familyId, into });
  return familyState(ctx, into);
}

/** A supervisor releases the members waiting at a joint key now, with a reason (audited). */
export async function releaseBarrier(
  ctx: FamilyContext,
  caller: Principal,
  familyId: string,
  key: string,
  reason: string,
): Promise<FamilyView> {
  const view = await call(ctx, familyId, () =>
    handle(ctx, familyId).executeUpdate(releaseBarrierUpdate, {
      args: [{ key, reason, actor: staffActor(caller) }],
    }),
  );
  // The reason is free text a supervisor wrote: kept by the group, not copied into the audit log.
  await audit(ctx.db, caller, 'family.release', null, { familyId, key });
  return view;
}
