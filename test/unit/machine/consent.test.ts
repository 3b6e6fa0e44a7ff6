import { changeConsent, closeCase, startCase, type CaseState } from '../../../workflows/machine';
import { caseworker, miniCase, supervisor } from '../../support/case-fixtures';
import { broken, effectsOf, ok, recorded } from './helpers';

const T0 = Date.parse('2026-03-02T06:00:00Z');

function started(): CaseState {
  return startCase(miniCase('c1'), 'case-c1', T0).state;
}
const partnerOf = (state: CaseState) => state.partners[0]?.partnerId ?? 'none';

describe('partner consent on a running case', () => {
  it('a withdrawal is held, recorded and told to that partner only, with nothing personal', () => {
    const state = started();
    const partnerId = partnerOf(state);
    const { state: next, effects } = ok(
      changeConsent(state, { partnerId, consent: [], actor: caseworker }, T0),
    );
    expect(next.partners[0]?.consent).toEqual([]);
    expect(recorded(effects)).toEqual(['consent_withdrawn']);
    const updates = effectsOf(effects, 'partner_update');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.update).toMatchObject({
      event: 'consent_withdrawn',
      partnerId,
      sequence: next.partnerEvents,
    });
    expect(next.revision).toBe(state.revision + 1);
    expect(effectsOf(effects, 'project_case')).toHaveLength(1);
  });

  it('giving consent tells the partner nothing; withdrawing it then does', () => {
    const state = started();
    const partnerId = partnerOf(state);
    const none = ok(changeConsent(state, { partnerId, consent: [], actor: caseworker }, T0)).state;
    const given = ok(changeConsent(none, { partnerId, consent: ['case_updates'], actor: caseworker }, T0));
    expect(recorded(given.effects)).toEqual(['consent_changed']);
    expect(effectsOf(given.effects, 'partner_update')).toHaveLength(0);
    const again = ok(changeConsent(given.state, { partnerId, consent: [], actor: caseworker }, T0));
    expect(effectsOf(again.effects, 'partner_update')).toHaveLength(1);
    // Withdrawn already: a second withdrawal is recorded but tells the partner nothing new.
    const twice = ok(changeConsent(again.state, { partnerId, consent: [], actor: caseworker }, T0));
    expect(effectsOf(twice.effects, 'partner_update')).toHaveLength(0);
  });

  it('refuses an unknown partner and a closed case', () => {
    const state = started();
    expect(
      broken(changeConsent(state, { partnerId: 'nobody', consent: [], actor: caseworker }, T0)).rule,
    ).toBe('invalid_input');
    const closed = ok(closeCase(state, { reason: 'withdrawn', actor: supervisor }, T0)).state;
    expect(
      broken(changeConsent(closed, { partnerId: partnerOf(state), consent: [], actor: caseworker }, T0)).rule,
    ).toBe('case_closed');
  });
});
