// The codec endpoint decrypts only what the caller may read: payloads of cases in the caller's
// countries (admins: all). Anything else goes back still encrypted, and every decode is in the
// audit log with the case it belongs to.
import { database } from '../../lib/database';
import { eventually } from '../support/processes';
import { bearer, startApiHarness, startBody, type ApiHarness } from './api-harness';

let h: ApiHarness;
const db = database();
jest.setTimeout(60_000);

beforeAll(async () => {
  h = await startApiHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

type JsonPayload = { metadata: Record<string, string>; data: string };
const text = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');
const plainJson = (value: unknown): JsonPayload => ({
  metadata: { encoding: Buffer.from('json/plain').toString('base64') },
  data: Buffer.from(JSON.stringify(value)).toString('base64'),
});

/** The encrypted workflow input of a case, as the Temporal UI would send it to the codec server. */
async function startedInput(caseId: string): Promise<JsonPayload> {
  const history = await h.client.workflow.getHandle(`case-${caseId}`).fetchHistory();
  const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  return {
    metadata: Object.fromEntries(
      Object.entries(input!.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(input!.data!).toString('base64'),
  };
}

const decode = (key: string, payloads: JsonPayload[]) =>
  h.http.post('/codec/decode').set(bearer(key)).set('X-Namespace', 'default').send({ payloads });

describe('codec decode scope', () => {
  it('a caseworker of another country gets the case’s payload back still encrypted; the case’s own country and admins read it', async () => {
    const started = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
    expect(started.status).toBe(201);
    const caseId = started.body.id as string;
    const input = await startedInput(caseId);

    const elsewhere = await decode(h.keys.caseworkerElsewhere, [input]);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.payloads).toEqual([input]);
    expect(text(elsewhere.body.payloads[0].metadata.encoding)).toBe('binary/encrypted');
    const reference = started.body.reference as string;
    expect(text(elsewhere.body.payloads[0].data)).not.toContain(reference);

    for (const key of [h.keys.caseworker, h.keys.supervisor, h.keys.admin]) {
      const mine = await decode(key, [input]);
      expect(mine.status).toBe(200);
      expect(text(mine.body.payloads[0].data)).toContain(reference);
    }

    const audit = await db.auditEntry.findMany({
      where: { action: 'codec.decode', caseId },
      orderBy: { at: 'asc' },
    });
    expect(
      audit.map((entry) => [
        entry.principal,
        (entry.detail as { decoded: number }).decoded,
        (entry.detail as { withheld: number }).withheld,
      ]),
    ).toEqual([
      [expect.stringMatching(/^juma\./), 0, 1],
      [h.staff.caseworker, 1, 0],
      [h.staff.supervisor, 1, 0],
      [h.staff.admin, 1, 0],
    ]);
    expect(JSON.stringify(audit)).not.toContain('Zainabu');
  });

  it('a payload of an erased case comes back still encrypted, even for an admin (200, so the UI keeps working)', async () => {
    const started = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
    const caseId = started.body.id as string;
    const input = await startedInput(caseId);
    const act = (key: string, path: string, body: object = {}) =>
      h.http.post(`/v1/cases/${caseId}/${path}`).set(bearer(key)).send(body);
    expect((await act(h.keys.supervisor, 'close', { reason: 'duplicate' })).status).toBe(200);
    await eventually(async () =>
      (await db.case.findUnique({ where: { id: caseId } }))?.status === 'closed' ? true : undefined,
    );
    await h.client.workflow.getHandle(`case-${caseId}`).result();
    expect((await act(h.keys.supervisor, 'erasure', { reason: 'duplicate_case' })).status).toBe(201);
    expect((await act(h.keys.admin, 'erasure/approve')).status).toBe(200);
    const after = await decode(h.keys.admin, [input]);
    expect(after.status).toBe(200);
    expect(after.body.payloads).toEqual([input]);
  });

  it('a payload that cannot be tied to a case of the caller’s countries stays encrypted, whatever it says', async () => {
    const encode = async (value: unknown) =>
      (
        await h.http
          .post('/codec/encode')
          .set(bearer(h.keys.admin))
          .send({ payloads: [plainJson(value)] })
      ).body.payloads[0] as JsonPayload;
    const noCase = await encode({
      step: 'assessment',
      outcome: 'assessed',
      data: { category: 'medical_needs' },
    });
    const unknownCase = await encode({ caseId: 'C-000000000000', applicant: { givenName: 'Nobody' } });
    const started = await h.http.post('/v1/cases').set(bearer(h.keys.caseworker)).send(startBody(h));
    const mixed = await encode({ state: { caseId: started.body.id }, other: [{ caseId: 'C-000000000000' }] });

    const supervisor = await decode(h.keys.supervisor, [noCase, unknownCase, mixed]);
    expect(supervisor.status).toBe(200);
    expect(supervisor.body.payloads).toEqual([noCase, unknownCase, mixed]);
    // Admins read everything: the UI of an admin shows update arguments too.
    const admin = await decode(h.keys.admin, [noCase]);
    expect(JSON.parse(text(admin.body.payloads[0].data))).toMatchObject({ step: 'assessment' });
    // Payloads that were never encrypted pass through; a payload that is not ours is 400, not 500.
    expect((await decode(h.keys.caseworkerElsewhere, [plainJson('x')])).body.payloads).toEqual([
      plainJson('x'),
    ]);
    const forged = {
      metadata: { ...noCase.metadata },
      data: Buffer.from('not a ciphertext at all, not at all').toString('base64'),
    };
    expect((await decode(h.keys.supervisor, [forged])).status).toBe(400);

    const untied = await db.auditEntry.findMany({
      where: { action: 'codec.decode', caseId: null, principal: h.staff.supervisor },
    });
    expect(untied.map((entry) => entry.detail)).toEqual(
      expect.arrayContaining([expect.objectContaining({ decoded: 0, withheld: 2 })]),
    );
  });
});
