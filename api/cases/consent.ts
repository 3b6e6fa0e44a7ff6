// Changing the refugee's consent for one partner of a case. The consent row changes first, so
// that every partner event sent from that moment on applies it (the send-time rule of
// contract/partner-sharing.ts); then the case workflow holds it and, on a withdrawal, tells the
// partner (consent_withdrawn). A rejected update puts the row back. Audited with ids only.
// A closed case's workflow has finished: ./consent-after-closure.ts makes the change instead.
import { partnerConsentUpdate } from '../../contract/messages';
import { consentsToPersonalData } from '../../contract/partner-sharing';
import { setPartnerConsent } from '../../directory/partners';
import type { Principal } from '../access/roles';
import { audit } from '../audit';
import { NotFoundError } from '../errors';
import type { PartnerConsent } from '../schemas/consent';
import { caseFor } from './access';
import { runCaseAction, type CaseActionContext } from './act';
import { changeClosedCaseConsent, type ClosedConsentDeps } from './consent-after-closure';

/** Sets the consent purposes for a partner of the case; an empty list withdraws consent. */
export async function changePartnerConsent(
  ctx: CaseActionContext & ClosedConsentDeps,
  caller: Principal,
  caseId: string,
  partnerId: string,
  purposes: string[],
): Promise<PartnerConsent> {
  const row = await caseFor(ctx.db, caller, caseId);
  const link = await ctx.db.casePartner.findUnique({
    where: { caseId_partnerId: { caseId: row.id, partnerId } },
  });
  if (!link) throw new NotFoundError('partner', partnerId);
  const withdrawn = consentsToPersonalData(link.consent) && !consentsToPersonalData(purposes);
  const action = withdrawn || purposes.length === 0 ? 'case.withdraw_consent' : 'case.change_consent';
  const answer = { caseId: row.id, partnerId, role: link.role, consent: purposes, withdrawn };
  if (row.status === 'closed') {
    await changeClosedCaseConsent(ctx, row, partnerId, purposes, withdrawn, caller.principal);
    await audit(ctx.db, caller, action, row.id, { partnerId, purposes });
    return answer;
  }
  await setPartnerConsent(ctx.db, row.id, partnerId, purposes);
  try {
    await runCaseAction(
      ctx,
      caller,
      row.id,
      action,
      { partnerId, consent: purposes },
      (h, input) => h.executeUpdate(partnerConsentUpdate, { args: [input] }),
      { partnerId, purposes },
    );
  } catch (err) {
    await setPartnerConsent(ctx.db, row.id, partnerId, link.consent);
    throw err;
  }
  return answer;
}
