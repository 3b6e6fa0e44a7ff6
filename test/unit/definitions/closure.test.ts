import { closureOf, lastPartnerStatus } from '../../../definitions/closure';
import { miniDefinition } from '../../support/case-fixtures';

describe('what partners are told about a closed case', () => {
  it("describes an end step by its title and an early closure by the reason's words", () => {
    expect(closureOf(miniDefinition, 'resettled', 'arrived')).toEqual({
      reason: 'resettled',
      description: 'Arrived',
    });
    expect(closureOf(miniDefinition, 'not_eligible', 'review')).toEqual({
      reason: 'not_eligible',
      description: 'Not eligible',
    });
    // A reason that is no key of the table (even an inherited property's name) is shown as the code.
    expect(closureOf(miniDefinition, 'toString', 'review')).toEqual({
      reason: 'toString',
      description: 'toString',
    });
  });

  it('gives the last partner-visible status before closing, skipping internal and end steps', () => {
    expect(lastPartnerStatus(miniDefinition, ['assessment', 'review', 'decision', 'travel', 'arrived'])).toBe(
      'Awaiting decision',
    );
    expect(lastPartnerStatus(miniDefinition, ['assessment', 'review'])).toBe('Assessment');
    expect(lastPartnerStatus(miniDefinition, ['review', 'not_resettled'])).toBeNull();
  });
});
