// What an admin does to the partner directory when adding a partner, checked and audited in one
// place: the API's POST /v1/partners and the web app's partners page both call it.
import { createPartner, type PartnerInput } from '../../directory/partners';
import { readProfile } from '../../contract/partner-sharing';
import { Prisma, type Database } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';
import type { Principal } from '../access/roles';
import { audit } from '../audit';
import { ConflictError } from '../errors';

/** A partner row with its stored profile read through the partner module (malformed shares nothing). */
export const partnerView = <T extends { sharingProfile: unknown }>(p: T) => ({
  ...p,
  sharingProfile: readProfile(p.sharingProfile),
});

/** Adds a partner (409 when the id is taken) and audits it; with a webhook URL the answer holds its secret once. */
export async function addPartner(db: Database, keys: Keyring, caller: Principal, input: PartnerInput) {
  const created = await createPartner(db, keys, input).catch((err: unknown) => {
    throw err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002'
      ? new ConflictError(`partner ${input.id} exists`)
      : err;
  });
  await audit(db, caller, 'partner.create', null, { partnerId: created.partner.id });
  return { ...partnerView(created.partner), webhookSecret: created.webhookSecret ?? null };
}
