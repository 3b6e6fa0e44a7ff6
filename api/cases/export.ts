// Subject access: everything Pathways holds about one case's people, opened from its sealed
// columns, for a role that may read personal data. The export is audited (ids and counts only).
import type { Database } from '../../lib/database';
import { caseKeysFor } from '../../lib/case-keys';
import type { Keyring } from '../../lib/keyring';
import { recordedBody } from '../../activities/partners/stored-event';
import { CASE_FIELDS, readProfile } from '../../contract/partner-sharing';
import type { Principal } from '../access/roles';
import { audit } from '../audit';
import { ForbiddenError } from '../errors';
import type { CaseExport } from '../schemas/export';
import { caseWithPersonalData } from './access';
import { applicantOf } from './start-case';
import { PERSONAL_DATA_READERS, summaryOf } from './views';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const withoutOverdue = ({ overdue: _, ...rest }: ReturnType<typeof summaryOf>) => rest;

/** The case's personal data and everything done with it, as one JSON document. */
export async function exportCase(
  db: Database,
  keys: Keyring,
  caller: Principal,
  caseId: string,
): Promise<CaseExport> {
  if (!PERSONAL_DATA_READERS.includes(caller.role))
    throw new ForbiddenError(`the role ${caller.role} may not export personal data`);
  const row = await caseWithPersonalData(db, caller, caseId);
  const caseKeys = caseKeysFor(db, keys);
  const open = async (sealed: string | null) => (sealed === null ? null : caseKeys.open(sealed));
  const [people, visits, events, messages, links, partnerEvents] = await Promise.all([
    db.casePerson.findMany({ where: { caseId: row.id }, orderBy: [{ addedAt: 'asc' }, { id: 'asc' }] }),
    db.stepVisit.findMany({ where: { caseId: row.id }, orderBy: { visit: 'asc' } }),
    db.caseEvent.findMany({ where: { caseId: row.id }, orderBy: { occurredAt: 'asc' } }),
    db.message.findMany({ where: { caseId: row.id }, orderBy: { createdAt: 'asc' } }),
    db.casePartner.findMany({
      where: { caseId: row.id },
      include: { partner: true },
      orderBy: { partnerId: 'asc' },
    }),
    db.partnerEvent.findMany({ where: { caseId: row.id }, orderBy: [{ partnerId: 'asc' }, { seq: 'asc' }] }),
  ]);
  const [holdReason, applicant, persons, recorded] = await Promise.all([
    open(row.holdReason),
    applicantOf(db, keys, row),
    Promise.all(
      people.map(async (p) => JSON.parse((await open(p.personalData)) ?? '{}') as Record<string, unknown>),
    ),
    Promise.all(partnerEvents.map((e) => recordedBody(caseKeys, e))),
  ]);
  const exported: CaseExport = {
    exportedAt: new Date().toISOString(),
    // The list view of the row (without the overdue flag, which is of the moment) and its reasons.
    case: { ...withoutOverdue(summaryOf(row)), holdReason, closureReason: row.closureReason },
    applicant: (applicant as Record<string, unknown> | undefined) ?? null,
    people: people.map((p, i) => ({
      id: p.id,
      relationship: p.relationship,
      person: persons[i]!,
      addedBy: p.addedBy,
      addedAt: p.addedAt.toISOString(),
      removedBy: p.removedBy,
      removedAt: iso(p.removedAt),
    })),
    steps: visits.map((v) => ({
      visit: v.visit,
      step: v.step,
      enteredAt: v.enteredAt.toISOString(),
      dueAt: iso(v.dueAt),
      leftAt: iso(v.leftAt),
      outcome: v.outcome,
      actor: v.actor,
    })),
    history: events.map((e) => ({
      kind: e.kind,
      step: e.step,
      visit: e.visit,
      outcome: e.outcome,
      actor: e.actor,
      detail: e.detail ?? null,
      occurredAt: e.occurredAt.toISOString(),
    })),
    messages: messages.map((m) => ({
      kind: m.kind,
      recipient: m.recipient,
      language: m.language,
      subject: m.subject,
      status: m.status,
      createdAt: m.createdAt.toISOString(),
      sentAt: iso(m.sentAt),
    })),
    partners: links.map((link) => ({
      partnerId: link.partnerId,
      name: link.partner.name,
      role: link.role,
      consent: link.consent,
      personalFields: readProfile(link.partner.sharingProfile).fields.filter(
        (f) => !(CASE_FIELDS as readonly string[]).includes(f),
      ),
      events: partnerEvents
        .map((e, i) => ({ e, recorded: recorded[i]! }))
        .filter(({ e }) => e.partnerId === link.partnerId)
        .map(({ e, recorded }) => {
          const { personal, ...body } = recorded;
          return {
            id: e.id,
            type: body.type,
            sequence: e.seq,
            status: e.status,
            createdAt: e.createdAt.toISOString(),
            deliveredAt: iso(e.deliveredAt),
            body,
            ...(personal ? { personal } : {}),
          };
        }),
    })),
  };
  await audit(db, caller, 'case.export', row.id, {
    people: people.length + (exported.applicant ? 1 : 0),
    partnerEvents: partnerEvents.length,
    messages: messages.length,
  });
  return exported;
}
