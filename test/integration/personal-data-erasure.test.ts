// Erasure and retention on the real stack (API, Temporal dev server, worker, PostgreSQL): a case
// whose people carry a canary name is moved, held (the hold reason names the canary too, so it
// reaches the Temporal history), closed and then erased — on an approved request, or by the
// retention sweep — and every place that held the canary is unreadable afterwards, while the
// monthly statistics and the audit trail stay as they were.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Payload } from '@temporalio/common';
import { createApiKey } from '../../api/access/api-keys';
import { sweepRetention, SWEEP_LOCK } from '../../activities/erasure/retention';
import { caseWorkflowId } from '../../contract/keys';
import { ResolvedDefinition } from '../../definitions/schema';
import { publishDefinition } from '../../definitions/store';
import { CaseKeys, caseKeysFor } from '../../lib/case-keys';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { EncryptionCodec } from '../../lib/payload-codec';
import { eventually } from '../support/processes';
import { apiDefinition, bearer, startApiHarness, startBody, type ApiHarness } from './api-harness';

jest.setTimeout(120_000);

const db = database();
// A country of this file only, so that other files' cases never change its statistics.
const COUNTRY = 'XE';
let h: ApiHarness;
const principals = { requester: '', secondAdmin: '' };
const keys = { requester: '', secondAdmin: '' };
const codec = () => new EncryptionCodec(keyring(), caseKeysFor(db, keyring()));

/** The test process with milestones (so the statistics count it); `retained` adds a retention period. */
function definition(id: string, retention?: string): ResolvedDefinition {
  const base = apiDefinition(COUNTRY);
  return ResolvedDefinition.parse({
    ...base,
    id,
    steps: base.steps.map((step) =>
      step.id === 'assessment'
        ? { ...step, milestone: 'submission' }
        : step.id === 'review'
          ? { ...step, milestone: 'decision' }
          : step,
    ),
    ...(retention ? { retention: { afterClosure: retention } } : {}),
  });
}

beforeAll(async () => {
  h = await startApiHarness();
  await publishDefinition(definition('erasure-mini.xe'), { publishedBy: 'erasure-tests' });
  await publishDefinition(definition('retention-mini.xe', 'P30D'), { publishedBy: 'erasure-tests' });
  principals.requester = `sup.${h.run}@pathways.test`;
  principals.secondAdmin = `admin2.${h.run}@pathways.test`;
  keys.requester = (
    await createApiKey(db, { principal: principals.requester, role: 'supervisor', countries: [COUNTRY] })
  ).key;
  keys.secondAdmin = (
    await createApiKey(db, { principal: principals.secondAdmin, role: 'admin', countries: [] })
  ).key;
}, 120_000);

afterAll(async () => {
  await h?.close();
});

/** Starts a case in the file's country whose applicant, dependant and hold reason carry the canary. */
async function canaryCase(definitionId: string, canary: string): Promise<string> {
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.admin))
    .send(
      startBody(h, {
        definitionId,
        partners: [],
        applicant: { givenName: canary, familyName: 'Mwangalizi', birthDate: '1987-03-14' },
      }),
    );
  expect(started.status).toBe(201);
  const id = started.body.id as string;
  const post = (path: string, body: object, key = h.keys.admin) =>
    h.http.post(`/v1/cases/${id}/${path}`).set(bearer(key)).send(body);
  expect(
    (
      await post('people', {
        relationship: 'child',
        person: { givenName: `${canary}-child`, familyName: 'Mwangalizi' },
      })
    ).status,
  ).toBe(201);
  expect((await post('hold', { reason: `${canary} is in hospital` })).status).toBe(200);
  expect((await post('resume', {})).status).toBe(200);
  const assessed = await post('complete-step', {
    step: 'assessment',
    outcome: 'assessed',
    data: { category: 'medical_needs' },
  });
  expect(assessed.status).toBe(200);
  expect(
    (await post('complete-step', { step: 'review', outcome: 'approved' }, keys.secondAdmin)).status,
  ).toBe(200);
  expect((await post('close', { reason: 'withdrawn' })).status).toBe(200);
  await eventually(async () => ((await db.case.findUnique({ where: { id } }))?.closedAt ? true : undefined));
  // Erasure waits for the workflow to finish (it may still be sending its last emails).
  await h.client.workflow.getHandle(caseWorkflowId(id)).result();
  return id;
}

/** Every payload in the case workflow's history, as Temporal stores it. */
async function historyPayloads(caseId: string): Promise<Payload[]> {
  const history = await h.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  const found: Payload[] = [];
  const walk = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const metadata = record.metadata as Record<string, unknown> | undefined;
    if (metadata && typeof metadata === 'object' && 'encoding' in metadata) found.push(record as Payload);
    else for (const child of Object.values(record)) walk(child);
  };
  walk(history);
  return found;
}

const keyIdOf = (p: Payload) => Buffer.from(p.metadata!['encryption-key-id'] ?? []).toString('utf8');

async function statistics(): Promise<unknown> {
  const month = new Date().toISOString().slice(0, 7);
  const res = await h.http
    .get('/v1/monitoring/outcomes')
    .query({ from: month, to: month, country: COUNTRY })
    .set(bearer(h.keys.admin));
  expect(res.status).toBe(200);
  return res.body;
}

/** PostgreSQL holds no readable personal data of the case, and the API answers 410 case_erased. */
async function expectErasedEverywhere(id: string, canary: string, decoder = codec()): Promise<void> {
  const row = await db.case.findUniqueOrThrow({ where: { id } });
  expect(row).toMatchObject({ personalData: null, holdReason: null, status: 'closed' });
  expect(row.erasedAt).toBeInstanceOf(Date);
  expect((await db.casePerson.findMany({ where: { caseId: id } })).map((p) => p.personalData)).toEqual([
    null,
  ]);
  expect(await db.partnerEvent.count({ where: { caseId: id, sealedPersonal: { not: null } } })).toBe(0);
  expect(await db.caseKey.findUnique({ where: { caseId: id } })).toMatchObject({ wrappedKey: null });
  for (const path of [`/v1/cases/${id}`, `/v1/cases/${id}/people`, `/v1/cases/${id}/export`]) {
    const res = await h.http.get(path).set(bearer(h.keys.admin));
    expect([path, res.status, res.body.error?.code]).toEqual([path, 410, 'case_erased']);
    expect(JSON.stringify(res.body)).not.toContain(canary);
  }
  const payloads = await historyPayloads(id);
  await expect(decoder.decode(payloads)).rejects.toThrow(
    `the key of case ${id} was shredded: the case's personal data was erased and cannot be decrypted`,
  );
  // The case is still listed and counted, with its facts.
  const listed = await h.http.get('/v1/cases').query({ country: COUNTRY }).set(bearer(h.keys.admin));
  expect(listed.body.cases.find((c: { id: string }) => c.id === id)).toMatchObject({
    status: 'closed',
    country: COUNTRY,
  });
}

test('an approved erasure makes the case unreadable everywhere at once; statistics and audit trail stay', async () => {
  const canary = `Canary${h.run}E`;
  const id = await canaryCase('erasure-mini.xe', canary);

  // Before: every payload of the case's history names the case key and decodes to the canary.
  const before = await historyPayloads(id);
  expect(new Set(before.filter((p) => keyIdOf(p) !== '').map(keyIdOf))).toEqual(new Set([`case:${id}`]));
  expect(Buffer.concat(before.map((p) => Buffer.from(p.data ?? []))).toString('latin1')).not.toContain(
    canary,
  );
  expect(
    JSON.stringify((await codec().decode(before)).map((p) => Buffer.from(p.data ?? []).toString('utf8'))),
  ).toContain(canary);
  const read = await h.http.get(`/v1/cases/${id}/people`).set(bearer(h.keys.admin));
  expect(JSON.stringify(read.body)).toContain(canary);
  const statsBefore = await statistics();
  expect(JSON.stringify(statsBefore)).toMatch(/"submissions":1/);

  const requested = await h.http
    .post(`/v1/cases/${id}/erasure`)
    .set(bearer(keys.requester))
    .send({ reason: 'subject_request' });
  expect(requested.status).toBe(201);
  expect(requested.body).toMatchObject({
    caseId: id,
    status: 'requested',
    requestedBy: principals.requester,
  });
  const twice = await h.http
    .post(`/v1/cases/${id}/erasure`)
    .set(bearer(h.keys.admin))
    .send({ reason: 'duplicate_case' });
  expect([twice.status, twice.body.error.details.rule]).toEqual([409, 'erasure_pending']);
  const bySamePerson = await h.http.post(`/v1/cases/${id}/erasure/approve`).set(bearer(keys.requester));
  expect([bySamePerson.status, bySamePerson.body.error.details.rule]).toEqual([403, 'four_eyes']);
  expect(bySamePerson.body.error.message).toContain('second person');
  expect((await db.case.findUniqueOrThrow({ where: { id } })).erasedAt).toBeNull();

  const approved = await h.http.post(`/v1/cases/${id}/erasure/approve`).set(bearer(keys.secondAdmin));
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({
    caseId: id,
    status: 'erased',
    reason: 'subject_request',
    approvedBy: principals.secondAdmin,
  });

  await expectErasedEverywhere(id, canary);
  expect(await statistics()).toEqual(statsBefore);
  const trail = await db.auditEntry.findMany({ where: { caseId: id }, orderBy: { at: 'asc' } });
  expect(trail.map((a) => a.action)).toEqual(
    expect.arrayContaining(['case.start', 'case.request_erasure', 'case.erase']),
  );
  expect(trail.find((a) => a.action === 'case.erase')?.detail).toMatchObject({
    reason: 'subject_request',
    requestedBy: principals.requester,
  });
  expect(JSON.stringify(trail)).not.toContain(canary);
  const again = await h.http
    .post(`/v1/cases/${id}/erasure`)
    .set(bearer(keys.requester))
    .send({ reason: 'subject_request' });
  expect([again.status, again.body.error.code]).toEqual([410, 'case_erased']);
});

test('an open case cannot be erased: close it first (409 with the reason); a bad reason is 400 with its path', async () => {
  const started = await h.http
    .post('/v1/cases')
    .set(bearer(h.keys.admin))
    .send(startBody(h, { definitionId: 'erasure-mini.xe', partners: [] }));
  expect(started.status).toBe(201);
  const open = await h.http
    .post(`/v1/cases/${started.body.id}/erasure`)
    .set(bearer(keys.requester))
    .send({ reason: 'subject_request' });
  expect([open.status, open.body.error.details.rule]).toEqual([409, 'case_not_closed']);
  expect(open.body.error.message).toContain('close it');
  const bad = await h.http
    .post(`/v1/cases/${started.body.id}/erasure`)
    .set(bearer(keys.requester))
    .send({ reason: 'retention' });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('body.reason');
  const notApproved = await h.http
    .post(`/v1/cases/${started.body.id}/erasure/approve`)
    .set(bearer(keys.secondAdmin));
  expect(notApproved.status).toBe(409);
});

test('the retention sweep erases a closed case once its period has passed, never before, one process at a time', async () => {
  const canary = `Canary${h.run}R`;
  const id = await canaryCase('retention-mini.xe', canary);
  const closedAt = (await db.case.findUniqueOrThrow({ where: { id } })).closedAt!;
  const statsBefore = await statistics();
  const day = 24 * 60 * 60_000;

  const early = await sweepRetention(db, keyring(), new Date(closedAt.getTime() + 29 * day));
  expect(early.ran).toBe(true);
  expect(early.erased).not.toContain(id);
  expect(
    JSON.stringify((await h.http.get(`/v1/cases/${id}/people`).set(bearer(h.keys.admin))).body),
  ).toContain(canary);

  // While another process holds the sweep's lock, this one does nothing.
  const later = new Date(closedAt.getTime() + 31 * day);
  const blocked = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SWEEP_LOCK})`;
    return sweepRetention(db, keyring(), later);
  });
  expect(blocked).toEqual({ ran: false, erased: [] });
  expect((await db.case.findUniqueOrThrow({ where: { id } })).erasedAt).toBeNull();

  const swept = await sweepRetention(db, keyring(), later);
  expect(swept.erased).toContain(id);
  await expectErasedEverywhere(id, canary);
  expect(await statistics()).toEqual(statsBefore);
  const erased = await db.auditEntry.findFirst({ where: { caseId: id, action: 'case.erase' } });
  expect(erased).toMatchObject({
    principal: 'system:retention',
    detail: { reason: 'retention', afterClosure: 'P30D' },
  });
});

/** `npm run cases -- retention …` as an operator runs it, against the test database and keys. */
async function retentionCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const root = join(__dirname, '../..');
  try {
    const { stdout, stderr } = await promisify(execFile)(
      join(root, 'node_modules/.bin/tsx'),
      [join(root, 'scripts/cases-cli.ts'), 'retention', ...args],
      { cwd: root, env: process.env, timeout: 90_000 },
    );
    return { code: 0, out: stdout, err: stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: e.stdout ?? '', err: e.stderr ?? '' };
  }
}

test('npm run cases -- retention runs the same sweep from the command line', async () => {
  const canary = `Canary${h.run}C`;
  const id = await canaryCase('retention-mini.xe', canary);
  const closedAt = (await db.case.findUniqueOrThrow({ where: { id } })).closedAt!;

  const bad = await retentionCli('--now', 'next tuesday');
  expect([bad.code, bad.err.trim()]).toEqual([
    2,
    '--now must be an ISO 8601 instant such as 2030-01-31T00:00:00Z',
  ]);
  const run = await retentionCli('--now', new Date(closedAt.getTime() + 31 * 24 * 60 * 60_000).toISOString());
  expect(run).toMatchObject({ code: 0, out: expect.stringMatching(/^erased 1 case \(retention passed at /) });
  expect(run.out).not.toContain(canary);
  // Read as a process that holds no cached key (this one may keep it for up to the TTL).
  await expectErasedEverywhere(id, canary, new EncryptionCodec(keyring(), new CaseKeys(db, keyring())));
});
