// Consent changed after a case closed. Its workflow has finished, yet the partner may still hold
// what it received: the change is made here, as the workflow would have made it — the consent
// row, the case's history, and on a withdrawal the partner's consent_withdrawn event, numbered
// after the last update of the case and never with personal fields.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { temporalPartnerFeed } from '../../activities/partners/feed';
import { publishPartnerUpdate } from '../../activities/partners/publish';
import { caseFactsOf } from '../../activities/partners/case-facts';
import type { PartnerUpdate } from '../../contract/activities';
import { lastPartnerStatus } from '../../definitions/closure';
import { pinnedDefinition } from '../../definitions/pinned';
import type { Database } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';
import { setPartnerConsent } from '../../directory/partners';
import type { CaseRow } from './start-case';

export interface ClosedConsentDeps {
  db: Database;
  keys: Keyring;
  temporal: Client;
  taskQueue: string;
}

/** The consent_withdrawn update of a closed case: the last status the partner saw, the next number. */
async function withdrawalUpdate(db: Database, row: CaseRow, partnerId: string, eventKey: string, now: Date) {
  const [definition, facts] = await Promise.all([pinnedDefinition(db, row), caseFactsOf(db, row.id)]);
  if (!definition || !facts)
    throw new Error(`definition ${row.definitionId} v${row.definitionVersion} is not published`);
  const visits = await db.stepVisit.findMany({ where: { caseId: row.id }, orderBy: { visit: 'asc' } });
  const last = await db.partnerEvent.aggregate({ where: { caseId: row.id }, _max: { caseSequence: true } });
  const update: PartnerUpdate = {
    eventKey,
    case: facts,
    event: 'consent_withdrawn',
    partnerId,
    status:
      lastPartnerStatus(
        definition,
        visits.map((v) => v.step),
      ) ?? '',
    occurredAt: now.toISOString(),
    sequence: (last._max.caseSequence ?? 0) + 1,
  };
  return update;
}

/** Records the new consent of a closed case's partner; a withdrawal tells that partner. */
export async function changeClosedCaseConsent(
  deps: ClosedConsentDeps,
  row: CaseRow,
  partnerId: string,
  purposes: string[],
  withdrawn: boolean,
  actor: string,
): Promise<void> {
  const { db } = deps;
  const now = new Date();
  const eventKey = `${row.id}:closed:consent:${partnerId}:${randomUUID()}`;
  await setPartnerConsent(db, row.id, partnerId, purposes);
  await db.caseEvent.create({
    data: {
      eventKey,
      caseId: row.id,
      kind: withdrawn ? 'consent_withdrawn' : 'consent_changed',
      actor,
      detail: { partner: partnerId, purposes: purposes.join(',') },
      occurredAt: now,
    },
  });
  if (!withdrawn) return;
  const feed = temporalPartnerFeed(deps.temporal, deps.taskQueue);
  await publishPartnerUpdate(
    { db, keys: deps.keys, feed },
    await withdrawalUpdate(db, row, partnerId, eventKey, now),
  );
}
