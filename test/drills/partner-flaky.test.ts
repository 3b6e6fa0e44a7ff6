// Drill: a partner's webhook answers 500, then stops answering (the request times out), then
// answers 200. Every event of every case reaches the partner once, in sequence order per case,
// with a valid signature.
import { createPartner } from '../../directory/partners';
import { verifySignature } from '../../activities/partners/signature';
import { activityClientFeed } from '../../activities/notifications';
import { activityDeps } from '../../activities';
import { pause } from '../../bench/bundle';
import type { Stack } from '../../bench/stack';
import { parseConfig } from '../../lib/config';
import { keyring } from '../../lib/keyring';
import { createResources } from '../../lib/resources';
import { completeIntake, drillStack, eventually, recordDrill, startDrillCases, unfinished } from './support';
import { startPartnerEndpoint, type PartnerEndpoint } from './partner-endpoint';

const CASES = 20;
const PARTNER = 'drill-ngo';
// Short retries and a 1.5-s request timeout so the drill runs in seconds, not hours.
const policy = {
  initialIntervalMs: 1000,
  backoffCoefficient: 2,
  maximumIntervalMs: 4000,
  giveUpAfterMs: 600_000,
  requestTimeoutMs: 1500,
  idleMs: 5000,
};
let stack: Stack;
let endpoint: PartnerEndpoint;

beforeAll(async () => {
  endpoint = await startPartnerEndpoint();
  stack = await drillStack('drill-partner', { worker: false });
  const resources = createResources(parseConfig(), { db: stack.db, keys: keyring() });
  await stack.startWorker({
    deps: { ...activityDeps(resources), feed: activityClientFeed(stack.taskQueue, policy) },
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await endpoint?.stop();
});

test('partner endpoint 500 → timeout → 200: each event once, in order, signed', async () => {
  const started = Date.now();
  const { webhookSecret } = await createPartner(stack.db, keyring(), {
    id: PARTNER,
    name: 'Drill NGO',
    kind: 'ngo',
    contactEmail: 'ngo@drill.test',
    webhookUrl: endpoint.url,
    sharingProfile: { fields: ['reference', 'status'], events: ['step_entered', 'case_closed'] },
  });
  const ids = await startDrillCases(stack, 'partner', CASES, {
    partners: [{ partnerId: PARTNER, role: 'referring', consent: ['case_updates'] }],
  });
  await pause(6000);
  endpoint.setMode('hang');
  await completeIntake(stack, ids);
  await pause(6000);
  endpoint.setMode('ok');

  const open = await unfinished(stack, ids, 120_000);
  const queued = () =>
    stack.db.partnerEvent.findMany({
      where: { partnerId: PARTNER },
      orderBy: [{ caseId: 'asc' }, { seq: 'asc' }],
    });
  await eventually(async () => (await queued()).every((e) => e.status === 'sent'), 120_000, 1000);
  const events = await queued();

  const delivered = endpoint.requests.filter((r) => r.answer === 200);
  const timesDelivered = (id: string) => delivered.filter((r) => r.body.id === id).length;
  const lost = events.filter((e) => timesDelivered(e.id) === 0).length;
  const duplicated = events.reduce((n, e) => n + Math.max(0, timesDelivered(e.id) - 1), 0);
  const outOfOrder = ids.filter((caseId) => {
    const mine = new Set(events.filter((e) => e.caseId === caseId).map((e) => e.id));
    const sequences = delivered.filter((r) => mine.has(r.body.id)).map((r) => r.body.sequence);
    return sequences.some((s, i) => s !== i + 1);
  });
  const unsigned = delivered.filter(
    (r) =>
      !verifySignature({
        secret: webhookSecret!,
        timestampHeader: String(r.headers['pathways-timestamp']),
        signatureHeader: String(r.headers['pathways-signature']),
        rawBody: r.rawBody,
      }),
  );
  recordDrill({
    drill: 'partner 500 → timeout → 200',
    cases: CASES,
    lost: open.length + lost,
    duplicated,
    seconds: Math.round((Date.now() - started) / 1000),
  });
  expect(
    endpoint.requests.some((r) => r.answer === 500) && endpoint.requests.some((r) => r.answer === 'none'),
  ).toBe(true);
  expect(events.length).toBeGreaterThanOrEqual(CASES * 3); // intake, cooling off, finished (+ closed)
  expect({ open, lost, duplicated, outOfOrder, unsigned: unsigned.length }).toEqual({
    open: [],
    lost: 0,
    duplicated: 0,
    outOfOrder: [],
    unsigned: 0,
  });
});
