// The refugee's consent per partner, changed on a running case: given, changed or withdrawn.
// The case keeps the consent it was told; a withdrawal of `case_updates` tells that partner at
// once (consent_withdrawn) so that it can act on the copy it holds.
import type { PartnerConsentInput } from '../../contract/messages';
import { consentsToPersonalData } from '../../contract/partner-sharing';
import { businessKey, recordEvent, snapshotEffects } from './effect-builders';
import { copyState } from './steps';
import {
  caseFacts,
  iso,
  lastVisitedPartnerStatus,
  type CaseState,
  type Effect,
  type Transition,
} from './state';
import type { RuleViolation } from './rules';

/** Why a consent change cannot be applied: a closed case, or a partner the case does not have. */
export function validateConsent(state: CaseState, input: PartnerConsentInput): RuleViolation | null {
  if (state.status === 'closed') return { rule: 'case_closed', message: `case ${state.reference} is closed` };
  if (!state.partners.some((p) => p.partnerId === input.partnerId))
    return {
      rule: 'invalid_input',
      message: `invalid_input: partner ${input.partnerId} is not a partner of case ${state.reference}`,
    };
  return null;
}

/** Holds the new consent; a withdrawal of personal data sends that partner consent_withdrawn. */
export function changeConsent(
  state: CaseState,
  input: PartnerConsentInput,
  now: number,
): Transition | RuleViolation {
  const broken = validateConsent(state, input);
  if (broken) return broken;
  const next = copyState(state);
  next.controls += 1;
  next.revision += 1;
  const link = next.partners.find((p) => p.partnerId === input.partnerId);
  if (!link) return { rule: 'invalid_input', message: 'invalid_input: unknown partner' };
  // A case started before consent lived in the workflow does not know the old consent: a
  // withdrawal is then always told to the partner (telling it twice is harmless).
  const hadPersonal = link.consent === undefined || consentsToPersonalData(link.consent);
  link.consent = [...input.consent];
  const withdrawn = hadPersonal && !consentsToPersonalData(input.consent);
  const key = businessKey(next, 'consent', input.partnerId, next.controls);
  const effects: Effect[] = [
    recordEvent(next, key, withdrawn ? 'consent_withdrawn' : 'consent_changed', now, {
      actor: input.actor.id,
      detail: { partner: input.partnerId, purposes: input.consent.join(',') },
    }),
  ];
  if (withdrawn) effects.push(consentWithdrawn(next, input.partnerId, key, now));
  effects.push(...snapshotEffects(next, now));
  return { state: next, effects };
}

/** The consent_withdrawn update for one partner, numbered in the case's order like the others. */
function consentWithdrawn(state: CaseState, partnerId: string, key: string, now: number): Effect {
  state.partnerEvents = (state.partnerEvents ?? 0) + 1;
  const status = lastVisitedPartnerStatus(state);
  return {
    kind: 'partner_update',
    update: {
      eventKey: key,
      case: caseFacts(state),
      event: 'consent_withdrawn',
      partnerId,
      status: status ?? '',
      occurredAt: iso(now),
      sequence: state.partnerEvents,
    },
  };
}
