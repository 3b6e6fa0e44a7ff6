// Pure parts of partner feedback: the event body (profile ∩ consent), signatures, secret
// rotation, the feed's backoff, and SMTP error classification.
import { randomBytes } from 'node:crypto';
import { Keyring } from '../../../lib/keyring';
import { readProfile } from '../../../contract/partner-sharing';
import { buildPartnerEventBody } from '../../../activities/partners/profile';
import { signatureHeader, signPayload, verifySignature } from '../../../activities/partners/signature';
import { rotateSecrets, signingSecrets } from '../../../activities/partners/secrets';
import { DEFAULT_DELIVERY_POLICY } from '../../../contract/partner-feed';
import { backoffDelay } from '../../../workflows/partner-feed.workflow';
import { classifySmtpError, PermanentDeliveryError, TransientDeliveryError } from '../../../lib/mailer';
import { caseFacts } from '../../support/notifications';

const update = {
  eventKey: 'C-1:v2:entered',
  case: caseFacts(),
  event: 'step_entered' as const,
  status: 'Interview scheduled',
  occurredAt: '2026-01-01T10:00:00Z',
};
const personalData = { givenName: 'Amina', familyName: 'Hassan', medical: 'x' };

describe('partner event body', () => {
  const profile = readProfile({ fields: ['givenName', 'priority'], events: ['step_entered'] });
  test('shares the profile fields the consent covers, and nothing outside the profile', () => {
    const body = buildPartnerEventBody({
      id: 'e1',
      sequence: 3,
      update,
      profile,
      consent: ['case_updates'],
      personalData,
    });
    expect(body).toEqual({
      id: 'e1',
      type: 'step_entered',
      sequence: 3,
      occurredAt: '2026-01-01T10:00:00Z',
      case: { reference: 'KE-2026-0001', status: 'Interview scheduled', priority: 'urgent' },
      personal: { givenName: 'Amina' },
    });
  });
  test('no consent, no personal fields, whatever the profile says', () => {
    const body = buildPartnerEventBody({
      id: 'e1',
      sequence: 1,
      update,
      profile,
      consent: ['statistics'],
      personalData,
    });
    expect(body.personal).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain('Amina');
  });
  test('a malformed stored profile shares nothing', () => {
    expect(readProfile({ fields: 'all' })).toEqual({ fields: [], events: [] });
  });
});

describe('signatures', () => {
  const body = '{"id":"e1"}';
  test('HMAC-SHA256 over timestamp.body, hex, verified within the tolerance', () => {
    const header = signatureHeader(['s1'], 1_700_000_000, body);
    expect(header).toBe(`v1=${signPayload('s1', 1_700_000_000, body)}`);
    expect(
      verifySignature({
        secret: 's1',
        timestampHeader: '1700000000',
        signatureHeader: header,
        rawBody: body,
        nowSeconds: 1_700_000_100,
      }),
    ).toBe(true);
    expect(
      verifySignature({
        secret: 's1',
        timestampHeader: '1700000000',
        signatureHeader: header,
        rawBody: `${body} `,
        nowSeconds: 1_700_000_100,
      }),
    ).toBe(false);
    expect(
      verifySignature({
        secret: 's1',
        timestampHeader: '1700000000',
        signatureHeader: header,
        rawBody: body,
        nowSeconds: 1_700_001_000,
      }),
    ).toBe(false);
  });
});

describe('webhook secrets', () => {
  const keys = new Keyring([{ id: 'k1', secret: randomBytes(32) }]);
  test('stored sealed; after rotation the old one signs until the overlap ends', () => {
    const first = rotateSecrets(keys, [], 'old', 0, new Date('2026-01-01T00:00:00Z'));
    expect(JSON.stringify(first)).not.toContain('old');
    const rotated = rotateSecrets(keys, first, 'new', 3_600_000, new Date('2026-01-02T00:00:00Z'));
    expect(signingSecrets(keys, rotated, new Date('2026-01-02T00:30:00Z'))).toEqual(['new', 'old']);
    expect(signingSecrets(keys, rotated, new Date('2026-01-02T01:00:01Z'))).toEqual(['new']);
    expect(rotateSecrets(keys, rotated, 'newer', 0, new Date('2026-01-03T00:00:00Z'))).toHaveLength(1);
  });
});

test('backoff doubles up to the maximum interval', () => {
  const delays = [1, 2, 3, 10].map((n) => backoffDelay(n, DEFAULT_DELIVERY_POLICY));
  expect(delays).toEqual([30_000, 60_000, 120_000, 3_600_000]);
});

test('SMTP errors: 5xx and address errors are permanent; 4xx and connection errors are transient', () => {
  expect(classifySmtpError({ responseCode: 550, message: 'mailbox unavailable' })).toBeInstanceOf(
    PermanentDeliveryError,
  );
  expect(classifySmtpError({ code: 'EENVELOPE', message: 'No recipients defined' })).toBeInstanceOf(
    PermanentDeliveryError,
  );
  expect(classifySmtpError({ responseCode: 421, message: 'try later' })).toBeInstanceOf(
    TransientDeliveryError,
  );
  expect(classifySmtpError({ code: 'ESOCKET', message: 'connect ECONNREFUSED' })).toBeInstanceOf(
    TransientDeliveryError,
  );
});
