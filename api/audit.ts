// The audit log: every read of personal data and every change, with who, what, when, which case.
import { randomUUID } from 'node:crypto';
import { sql, type Database, type Statement } from '../lib/database';
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

const INSERT_AUDIT_ENTRY = `INSERT INTO "AuditEntry" (id, at, principal, action, "caseId", detail)
  VALUES ($1, $2::timestamptz AT TIME ZONE 'UTC', $3, $4, $5, $6::jsonb)`;

function auditValues(
  caller: Principal,
  action: AuditAction,
  caseId: string | null | undefined,
  detail: Record<string, unknown> | undefined,
): unknown[] {
  return [
    randomUUID(),
    new Date().toISOString(),
    caller.principal,
    action,
    caseId ?? null,
    JSON.stringify({ role: caller.role, keyId: caller.keyId, ...(detail ?? {}) }),
  ];
}

/** Writes one audit entry; detail must be non-personal (ids, step names, counts). */
export async function audit(
  db: Database,
  caller: Principal,
  action: AuditAction,
  caseId?: string | null,
  detail?: Record<string, unknown>,
): Promise<void> {
  await sql(db, INSERT_AUDIT_ENTRY, auditValues(caller, action, caseId, detail));
}

/** The same entry as a statement not yet run, for a transaction that makes what it audits. */
export function auditStatementOf(
  caller: Principal,
  action: AuditAction,
  caseId: string,
  detail: Record<string, unknown>,
): Statement {
  return { text: INSERT_AUDIT_ENTRY, values: auditValues(caller, action, caseId, detail) };
}

/**
 * Writes one audit entry of a case action and reads, in the same round trip, the revision the
 * case's row projects now (what the action waits for: api/cases/projection-wait.ts).
 */
export async function auditReadingRevision(
  db: Database,
  caller: Principal,
  action: AuditAction,
  caseId: string,
  detail: Record<string, unknown> | undefined,
): Promise<number | undefined> {
  const [row] = await sql<{ revision: number }>(
    db,
    `WITH entry AS (${INSERT_AUDIT_ENTRY}) SELECT revision FROM "Case" WHERE id = $5`,
    auditValues(caller, action, caseId, detail),
  );
  return row?.revision;
}
