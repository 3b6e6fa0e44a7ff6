// The case worker's real dependencies for API integration tests that follow what people receive:
// projection, staff email over a real SMTP server, partner events through the feed workflow
// on the harness's own task queue (short retry intervals), delivered by the relay.
import type { Client } from '@temporalio/client';
import type { ActivityDeps } from '../../activities';
import { OwedMessagesBell } from '../../lib/owed-messages-bell';
import { smtpMailer } from '../../lib/mailer';
import { temporalPartnerFeed } from '../../activities/partners/feed';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import type { DeliveryPolicy } from '../../contract/partner-feed';

/** Quick retries so a test sees dead letters and redeliveries in seconds. */
export const TEST_DELIVERY_POLICY: DeliveryPolicy = {
  initialIntervalMs: 100,
  backoffCoefficient: 2,
  maximumIntervalMs: 400,
  giveUpAfterMs: 10_000,
  requestTimeoutMs: 2000,
  idleMs: 5000,
};

/** Real dependencies over the run's database; `smtpUrl` of a running mailbox (or an unreachable one); links in emails start with `publicUrl`. */
export function realCaseDeps(
  client: Client,
  taskQueue: string,
  smtpUrl = 'smtp://127.0.0.1:9',
  publicUrl = 'http://api.test',
): ActivityDeps {
  return {
    db: database(),
    keys: keyring(),
    publicUrl,
    feed: temporalPartnerFeed(client, taskQueue, TEST_DELIVERY_POLICY),
    mailer: smtpMailer(smtpUrl, 'Pathways <p@test>', 2000),
    bell: new OwedMessagesBell(),
  };
}

/** Real dependencies that send email to `smtpUrl` and wake no partner feed (tests of staff email only). */
export function emailOnlyDeps(smtpUrl: string, publicUrl = 'http://localhost:3000'): ActivityDeps {
  return {
    db: database(),
    keys: keyring(),
    mailer: smtpMailer(smtpUrl, 'Pathways <pathways@localhost>'),
    publicUrl,
    feed: { wake: async () => undefined },
    bell: new OwedMessagesBell(),
  };
}
