// Erasing a case's personal data (crypto-shredding): its data key is destroyed, so every copy
// encrypted with it — Temporal history payloads, sealed columns, backups of either — becomes
// unreadable at once; the sealed columns are nulled as well. The case's non-personal facts
// (status, program, country, dates, steps, outcomes) and the audit trail stay.
import { caseKeysFor, type CaseKeys } from '../../lib/case-keys';
import type { Database, Prisma } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';

/** The reasons a person may give when asking for an erasure (codes, never free text). */
export const REQUESTED_ERASURE_REASONS = [
  'subject_request',
  'consent_withdrawn',
  'unlawful_processing',
  'duplicate_case',
] as const;
/** Why a case was erased: an approved request's reason, or its retention period passing. */
export const ERASURE_REASONS = [...REQUESTED_ERASURE_REASONS, 'retention'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

/** Who erased and why, for the audit entry written in the same transaction (ids and codes only). */
export interface ErasureRecord {
  principal: string;
  reason: ErasureReason;
  detail?: Record<string, string | number>;
}

/** Erases one case inside a transaction; false when it was erased already (nothing written). */
export async function eraseCase(
  tx: Prisma.TransactionClient,
  caseKeys: CaseKeys,
  caseId: string,
  at: Date,
  record: ErasureRecord,
): Promise<boolean> {
  const marked = await tx.case.updateMany({
    where: { id: caseId, erasedAt: null },
    data: { erasedAt: at, personalData: null, holdReason: null },
  });
  if (marked.count === 0) return false;
  await caseKeys.shred(tx, caseId, at);
  await tx.casePerson.updateMany({ where: { caseId }, data: { personalData: null } });
  await tx.partnerEvent.updateMany({ where: { caseId }, data: { sealedPersonal: null } });
  await tx.intakeSubmission.updateMany({ where: { caseId }, data: { payload: null, stepData: null } });
  await tx.erasureRequest.deleteMany({ where: { caseId } });
  await tx.auditEntry.create({
    data: {
      principal: record.principal,
      action: 'case.erase',
      caseId,
      detail: { reason: record.reason, ...record.detail },
    },
  });
  return true;
}

/** Erases one case in its own transaction; false when it was erased already. */
export async function shredCase(
  db: Database,
  keys: Keyring,
  caseId: string,
  at: Date,
  record: ErasureRecord,
): Promise<boolean> {
  const caseKeys = caseKeysFor(db, keys);
  const erased = await db.$transaction((tx) => eraseCase(tx, caseKeys, caseId, at, record));
  // A read between the shredding and the commit may have cached the key again: drop it once more.
  caseKeys.forget(caseId);
  return erased;
}
