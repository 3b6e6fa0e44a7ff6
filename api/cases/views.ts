// What each caller sees of a case. Staff: projection + live workflow state + deliveries, and
// the applicant when their role may read personal data. Partners: only the fields their
// data-sharing profile lists (the partner module's vocabulary), personal fields only with the
// refugee's case_updates consent.
import type { Client } from '@temporalio/client';
import type { Database } from '../../lib/database';
import { caseKeysFor } from '../../lib/case-keys';
import type { Keyring } from '../../lib/keyring';
import {
  consentsToPersonalData,
  partnerShare,
  readProfile,
  type SharingProfile,
} from '../../contract/partner-sharing';
import { closureOf, lastPartnerStatus, partnerStatusOf } from '../../definitions/closure';
import { DefinitionCache } from '../../definitions/pinned';
import type { ResolvedDefinition } from '../../definitions/schema';
import type { CaseView, HistoryEntry } from '../../contract/case-view';
import { caseStateQuery } from '../../contract/messages';
import type { Prisma } from '../../lib/database';
import type { Principal, Role } from '../access/roles';
import { audit } from '../audit';
import { temporalOutage } from '../errors';
import type { Applicant, CaseDetail, CaseSummary, PartnerCaseView } from '../schemas/cases';
import { applicantOf, type CaseRow } from './start-case';
import { TEMPORAL_DEADLINE_MS, withinDeadline } from './temporal-errors';

/** Roles that may read an applicant's personal data (each read is audited). */
export const PERSONAL_DATA_READERS: Role[] = ['admin', 'supervisor', 'caseworker'];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The non-personal list view of a projection row. */
export function summaryOf(row: Omit<CaseRow, 'partners'>, now = new Date()): CaseSummary {
  return {
    id: row.id,
    reference: row.reference,
    program: row.program,
    country: row.country,
    definitionId: row.definitionId,
    definitionVersion: row.definitionVersion,
    priority: row.priority,
    status: row.status,
    currentStep: row.currentStep,
    assignee: row.assignee,
    dueAt: iso(row.dueAt),
    overdue: row.status === 'open' && !!row.dueAt && row.dueAt < now,
    openedAt: row.openedAt.toISOString(),
    closedAt: iso(row.closedAt),
  };
}

async function liveState(temporal: Client, row: CaseRow, deadlineMs: number): Promise<CaseView | null> {
  try {
    // A read should not wait long: without an answer the projection speaks (live: false).
    return await withinDeadline(temporal, Math.min(deadlineMs, 3000), () =>
      temporal.workflow.getHandle(row.workflowId).query(caseStateQuery),
    );
  } catch (err) {
    // The projection still answers when Temporal is down, the workflow is not yet running or its
    // worker cannot run it.
    if (
      temporalOutage(err) !== undefined ||
      (err as Error).name === 'WorkflowNotFoundError' ||
      (err as Error).name === 'QueryNotRegisteredError'
    )
      return null;
    throw err;
  }
}

async function deliveriesOf(db: Database, caseId: string): Promise<CaseDetail['deliveries']> {
  const [messages, partnerEvents] = await Promise.all([
    db.message.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' }, take: 200 }),
    db.partnerEvent.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' }, take: 200 }),
  ]);
  return [
    ...messages.map((m) => ({
      channel: 'email' as const,
      kind: m.kind,
      to: m.recipient,
      status: m.status,
      attempts: m.attempts,
      at: (m.sentAt ?? m.createdAt).toISOString(),
    })),
    ...partnerEvents.map((e) => ({
      channel: 'partner' as const,
      kind: String((e.body as { type?: string })?.type ?? 'update'),
      to: e.partnerId,
      status: e.status,
      attempts: e.attempts,
      at: (e.deliveredAt ?? e.createdAt).toISOString(),
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
}

/** The full staff view of a case; reading the applicant writes an audit entry. */
export async function staffViewOf(
  db: Database,
  keys: Keyring,
  temporal: Client,
  row: CaseRow,
  caller: Principal,
  deadlineMs = TEMPORAL_DEADLINE_MS,
): Promise<CaseDetail> {
  const [state, deliveries, visits] = await Promise.all([
    liveState(temporal, row, deadlineMs),
    deliveriesOf(db, row.id),
    db.stepVisit.findMany({ where: { caseId: row.id }, orderBy: { visit: 'asc' } }),
  ]);
  return staffView(db, keys, row, caller, state, deliveries, visits);
}

/**
 * The staff view of a case its caller has just started, without asking the workflow or reading
 * the row back: the state its workflow starts in, computed by the same state machine from the
 * same input (the first step entered when the row was written), no deliveries yet, and the
 * applicant as the case now holds it. The caller gave that data a moment ago: echoing it is not
 * a read, so the start's own audit entry (`case.start`) is the only one.
 */
export function startedViewOf(
  row: CaseRow,
  caller: Principal,
  created: { view: CaseView; applicant: Applicant },
): CaseDetail {
  const detail = staffDetail(row, created.view, created.view.holdReason ?? null, [], []);
  if (PERSONAL_DATA_READERS.includes(caller.role)) detail.applicant = created.applicant;
  return detail;
}

async function staffView(
  db: Database,
  keys: Keyring,
  row: CaseRow,
  caller: Principal,
  state: CaseView | null,
  deliveries: CaseDetail['deliveries'],
  visits: Prisma.StepVisitGetPayload<object>[],
): Promise<CaseDetail> {
  const holdReason =
    state?.holdReason ?? (row.holdReason === null ? null : await caseKeysFor(db, keys).open(row.holdReason));
  const detail = staffDetail(row, state, holdReason, deliveries, visits);
  if (PERSONAL_DATA_READERS.includes(caller.role)) {
    detail.applicant = await applicantOf(db, keys, row);
    await audit(db, caller, 'case.read_personal_data', row.id);
  }
  return detail;
}

/**
 * A case's step history: the visits its workflow no longer keeps (it keeps the most recent ones)
 * from the StepVisit projection, then the workflow's own; all from the projection when the
 * workflow did not answer. A visit projected before the step kind was recorded shows "step".
 */
function historyOf(state: CaseView | null, visits: Prisma.StepVisitGetPayload<object>[]): HistoryEntry[] {
  const kept = state?.history ?? [];
  const firstKept = kept[0]?.visit ?? Number.POSITIVE_INFINITY;
  const earlier = visits
    .filter((v) => v.visit < firstKept)
    .map((v) => ({
      visit: v.visit,
      step: v.step,
      kind: v.kind ?? 'step',
      enteredAt: v.enteredAt.toISOString(),
      ...(v.dueAt ? { dueAt: v.dueAt.toISOString() } : {}),
      ...(v.leftAt ? { leftAt: v.leftAt.toISOString() } : {}),
      ...(v.outcome ? { outcome: v.outcome } : {}),
      ...(v.actor ? { actor: v.actor } : {}),
    }));
  return [...earlier, ...kept];
}

/** A staff view's case facts (no personal data): the workflow's state when it answered, else the row's. */
function staffDetail(
  row: CaseRow,
  state: CaseView | null,
  holdReason: string | null,
  deliveries: CaseDetail['deliveries'],
  visits: Prisma.StepVisitGetPayload<object>[],
): CaseDetail {
  return {
    ...summaryOf(row),
    ...(state
      ? {
          status: state.status,
          currentStep: state.currentStep,
          assignee: state.assignee,
          dueAt: state.dueAt,
          overdue: state.overdue,
        }
      : {}),
    holdReason,
    closureReason: state?.closureReason ?? row.closureReason,
    partners: row.partners.map((p) => ({ partnerId: p.partnerId, role: p.role, consent: p.consent })),
    live: state !== null,
    pendingReminders: state?.pendingReminders ?? [],
    ...(state?.family ? { family: state.family } : {}),
    ...(state?.persons ? { persons: state.persons } : {}),
    history: historyOf(state, visits),
    deliveries,
  };
}

/** What a partner's views of a page of cases share: its profile, and each pinned definition once. */
export interface PartnerViewing {
  profile: SharingProfile;
  definitionOf(row: CaseRow): Promise<ResolvedDefinition | undefined>;
}

/** Reads the partner's profile; the cases' pinned definitions are read (and parsed) once each. */
export async function partnerViewing(db: Database, caller: Principal): Promise<PartnerViewing> {
  const partner = await db.partner.findUniqueOrThrow({ where: { id: caller.partnerId! } });
  const definitions = new DefinitionCache(db);
  return { profile: readProfile(partner.sharingProfile), definitionOf: (row) => definitions.of(row) };
}

/** The partner view of a case: its profile's case facts, and personal fields only with consent. */
export async function partnerViewOf(
  db: Database,
  keys: Keyring,
  row: CaseRow,
  caller: Principal,
  viewing?: PartnerViewing,
): Promise<PartnerCaseView> {
  const { profile, definitionOf } = viewing ?? (await partnerViewing(db, caller));
  const link = row.partners.find((p) => p.partnerId === caller.partnerId);
  const definition = await definitionOf(row);
  const step = definition?.steps.find((s) => s.id === row.currentStep);
  const view: PartnerCaseView = {
    id: row.id,
    reference: row.reference,
    caseStatus: row.status,
    status: partnerStatusOf(step, row.status === 'closed') ?? null,
    ...(step?.shareStepId ? { step: step.id } : {}),
  };
  if (row.status === 'closed' && definition) {
    const visits = await db.stepVisit.findMany({
      where: { caseId: row.id },
      orderBy: { visit: 'asc' },
      select: { step: true },
    });
    view.closure = closureOf(definition, row.closureReason ?? 'other', row.currentStep);
    view.lastStatus = lastPartnerStatus(
      definition,
      visits.map((v) => v.step),
    );
  }
  const consent = link?.consent ?? [];
  // The applicant is opened only when the consent may share some of it.
  const shared = sharedWithPartner(
    row,
    profile,
    consent,
    consentsToPersonalData(consent) ? await applicantOf(db, keys, row) : undefined,
  );
  Object.assign(view, shared);
  if (shared.applicant)
    await audit(db, caller, 'case.read_personal_data', row.id, { fields: Object.keys(shared.applicant) });
  return view;
}

/** What the partner view holds of the case facts and the applicant, by the one data-sharing policy. */
export function sharedWithPartner(
  row: Pick<CaseRow, 'program' | 'country' | 'priority'>,
  profile: SharingProfile,
  consent: readonly string[],
  applicant: Applicant | undefined,
): Pick<PartnerCaseView, 'program' | 'country' | 'priority' | 'applicant'> {
  const share = partnerShare({ profile, consent, facts: row, personalData: applicant });
  return {
    ...share.facts,
    ...(Object.keys(share.personal).length > 0 ? { applicant: share.personal as Partial<Applicant> } : {}),
  };
}
