// The audit log: every read of personal data and every change, with who, what, when, which case.
import type { Database } from '../lib/database';
import type { Principal } from './access/roles';

export type AuditAction =
  | 'case.start'
  | 'case.read_personal_data'
  | 'case.list'
  | 'case.complete_step'
  | 'case.external_event'
  | 'case.hold'
  | 'case.resume'
  | 'case.reassign'
  | 'case.close'
  | 'case.change_consent'
  | 'case.withdraw_consent'
  | 'case.export'
  | 'case.request_erasure'
  | 'case.erase'
  | 'definition.publish'
  | 'migration.dry_run'
  | 'migration.apply'
  | 'migration.pause'
  | 'migration.resume'
  | 'partner.create'
  | 'partner.update'
  | 'partner.rotate_secret'
  | 'partner.redeliver'
  | 'staff.create'
  | 'staff.update'
  | 'api_key.create'
  | 'api_key.revoke'
  | 'codec.decode'
  | 'intake.source_save'
  | 'intake.rotate_token'
  | 'intake.reject'
  | 'intake.retry'
  | 'case.add_person'
  | 'case.remove_person'
  | 'family.create'
  | 'family.add_member'
  | 'family.remove_member'
  | 'family.merge'
  | 'family.release';

/** Writes one audit entry; detail must be non-personal (ids, step names, counts). */
export async function audit(
  db: Database,
  caller: Principal,
  action: AuditAction,
  caseId?: string | null,
  detail?: Record<string, unknown>,
): Promise<void> {
  await db.auditEntry.create({
    data: {
      principal: caller.principal,
      action,
      caseId: caseId ?? null,
      detail: { role: caller.role, keyId: caller.keyId, ...(detail ?? {}) } as object,
    },
  });
}
