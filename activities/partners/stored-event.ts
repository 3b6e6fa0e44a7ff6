// A partner event at rest: the body without personal fields in the row's JSON, the personal
// fields sealed with the case's key in their own column (never plaintext in PostgreSQL).
import type { CaseKeys } from '../../lib/case-keys';
import type { PartnerEventBody } from './profile';

/** The columns that store a body: `body` (nothing personal) and `sealedPersonal`. */
export interface StoredPartnerEvent {
  body: Omit<PartnerEventBody, 'personal'>;
  sealedPersonal: string | null;
}

/** Splits a body for storage, sealing its personal fields with the case's key. */
export async function storePartnerEvent(
  caseKeys: CaseKeys,
  caseId: string,
  body: PartnerEventBody,
): Promise<StoredPartnerEvent> {
  const { personal, ...rest } = body;
  return {
    body: rest,
    sealedPersonal: personal ? await caseKeys.seal(caseId, JSON.stringify(personal)) : null,
  };
}

/** The body as recorded, with its personal fields opened (before the consent of the moment is applied). */
export async function recordedBody(
  caseKeys: CaseKeys,
  row: { body: unknown; sealedPersonal: string | null },
): Promise<PartnerEventBody> {
  const body = row.body as PartnerEventBody;
  if (!row.sealedPersonal) return body;
  return {
    ...body,
    personal: JSON.parse(await caseKeys.open(row.sealedPersonal)) as Record<string, unknown>,
  };
}
