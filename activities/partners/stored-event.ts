// A partner event at rest: the body without personal fields in the row's JSON, the personal
// fields sealed with the keyring in their own column (never plaintext in PostgreSQL).
import type { Keyring } from '../../lib/keyring';
import type { PartnerEventBody } from './profile';

/** The columns that store a body: `body` (nothing personal) and `sealedPersonal`. */
export interface StoredPartnerEvent {
  body: Omit<PartnerEventBody, 'personal'>;
  sealedPersonal: string | null;
}

/** Splits a body for storage, sealing its personal fields. */
export function storePartnerEvent(keys: Keyring, body: PartnerEventBody): StoredPartnerEvent {
  const { personal, ...rest } = body;
  return { body: rest, sealedPersonal: personal ? keys.seal(JSON.stringify(personal)) : null };
}

/** The body as recorded, with its personal fields opened (before the consent of the moment is applied). */
export function recordedBody(
  keys: Keyring,
  row: { body: unknown; sealedPersonal: string | null },
): PartnerEventBody {
  const body = row.body as PartnerEventBody;
  if (!row.sealedPersonal) return body;
  return { ...body, personal: JSON.parse(keys.open(row.sealedPersonal)) as Record<string, unknown> };
}
