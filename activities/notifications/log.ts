// The email delivery log of a case, for the API: what was sent, to whom, when, with what status.
import type { Database } from '../../lib/database';

/** The case's messages, oldest first (recipients are staff or partner addresses, never the refugee's). */
export async function listCaseMessages(db: Database, caseId: string) {
  return db.message.findMany({
    where: { caseId },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      kind: true,
      recipient: true,
      language: true,
      subject: true,
      status: true,
      attempts: true,
      lastError: true,
      createdAt: true,
      sentAt: true,
    },
  });
}
