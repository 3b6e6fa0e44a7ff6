// What an operator gets from `npm start` (API and worker in one process): a full case with
// personal data — names, birth date, email addresses, a hold reason, comments — leaves JSON log
// lines with route templates and workflow ids but none of that data; /metrics on the API, the
// worker's /metrics and the Temporal SDK's exporter show the work; /readyz names its checks.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pressCtrlC, spawnStart } from '../support/launcher';
import { eventually, freePort, processesMentioning, waitForOutput } from '../support/processes';

jest.setTimeout(240_000);

const dataDir = mkdtempSync(join(tmpdir(), 'pathways-operate-'));
const run = randomBytes(3).toString('hex');
const personal = {
  givenName: 'Halimatou',
  familyName: 'Diallo-Sesay',
  birthDate: '1988-07-21',
  phone: '+254711223344',
  caseworkerName: 'Wanjiru Kamau',
  caseworker: `wanjiru.kamau.${run}@example.org`,
  supervisorName: 'Baraka Mwendwa',
  supervisor: `baraka.mwendwa.${run}@example.org`,
  partnerEmail: `intake.${run}@refuge.example.org`,
  stepComment: 'Halimatou fled with her sister Mariama',
  holdReason: 'Awaiting word from Mariama in Dadaab',
  closeComment: 'Reunited with her uncle Ousmane Sesay',
};
let ports: Record<string, number>;
let child: ChildProcess;
let output = '';
let adminKey = '';

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`http://127.0.0.1:${ports.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const scrape = async (url: string) => (await fetch(url)).text();

/** The value of one sample (`name{labels} value`), or 0 when the series is absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

beforeAll(async () => {
  ports = {
    api: await freePort(),
    temporal: await freePort(),
    smtp: await freePort(),
    mailboxWeb: await freePort(),
    postgres: await freePort(),
    metrics: await freePort(),
    sdkMetrics: await freePort(),
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATHWAYS_DATA_DIR: dataDir,
    TEMPORAL_UI: 'off',
    LOG_LEVEL: 'debug',
    LOG_FORMAT: 'json',
  };
  for (const name of ['DATABASE_URL', 'SMTP_URL', 'TEMPORAL_ADDRESS', 'PATHWAYS_KEYS', 'NODE_ENV'])
    delete env[name];
  Object.assign(env, {
    API_PORT: String(ports.api),
    TEMPORAL_DEV_PORT: String(ports.temporal),
    DEV_SMTP_PORT: String(ports.smtp),
    DEV_MAILBOX_HTTP_PORT: String(ports.mailboxWeb),
    EMBEDDED_POSTGRES_PORT: String(ports.postgres),
    METRICS_PORT: String(ports.metrics),
    TEMPORAL_METRICS_PORT: String(ports.sdkMetrics),
  });
  child = spawnStart(env);
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await waitForOutput(child, /Press Ctrl-C/, 150_000);
  adminKey = readFileSync(join(dataDir, 'admin-api-key.txt'), 'utf8').trim();
}, 180_000);

afterAll(() => {
  for (const line of processesMentioning(dataDir)) process.kill(Number(line.trim().split(' ')[0]), 'SIGKILL');
});

it('runs a full case with personal data; the logs carry ids and templates, never the data; every /metrics endpoint shows the work', async () => {
  expect(output).toContain(`http://127.0.0.1:${ports.metrics}/metrics`);
  expect(output).toContain(`http://127.0.0.1:${ports.sdkMetrics}/metrics`);
  const ready = await eventually(async () => {
    const answer = await api('GET', '/readyz');
    return answer.status === 200 ? answer.body : undefined;
  });
  expect(ready).toEqual({ status: 'ready', checks: { database: 'ok', temporal: 'ok', mailer: 'ok' } });

  for (const [name, email, roles] of [
    [personal.caseworkerName, personal.caseworker, ['caseworker']],
    [personal.supervisorName, personal.supervisor, ['supervisor']],
  ] as const) {
    expect((await api('POST', '/v1/staff', { name, email, roles, countries: ['KE'] })).status).toBe(201);
  }
  const partnerId = `refuge-${run}`;
  expect(
    (
      await api('POST', '/v1/partners', {
        id: partnerId,
        name: 'Refuge test partner',
        kind: 'ngo',
        contactEmail: personal.partnerEmail,
        sharingProfile: {
          fields: ['givenName'],
          events: ['step_entered', 'case_on_hold', 'case_resumed', 'case_closed'],
        },
      })
    ).status,
  ).toBe(201);

  const started = await api('POST', '/v1/cases', {
    program: 'resettlement',
    country: 'KE',
    reference: `KE-OPS-${run}`,
    priority: 'urgent',
    assignee: personal.caseworker,
    partners: [{ partnerId, role: 'referring', consent: ['case_updates'] }],
    applicant: {
      givenName: personal.givenName,
      familyName: personal.familyName,
      birthDate: personal.birthDate,
      phone: personal.phone,
    },
  });
  expect(started.status).toBe(201);
  const caseId = started.body.id as string;
  const step = await api('POST', `/v1/cases/${caseId}/complete-step`, {
    step: 'identification',
    outcome: 'referred',
    data: { referral_source: 'protection' },
    comment: personal.stepComment,
  });
  expect(step.status).toBe(200);
  expect((await api('POST', `/v1/cases/${caseId}/hold`, { reason: personal.holdReason })).status).toBe(200);
  expect((await api('POST', `/v1/cases/${caseId}/resume`, {})).status).toBe(200);
  expect((await api('POST', `/v1/cases/${caseId}/reassign`, { assignee: personal.supervisor })).status).toBe(
    200,
  );
  expect(
    (await api('POST', `/v1/cases/${caseId}/close`, { reason: 'withdrawn', comment: personal.closeComment }))
      .status,
  ).toBe(200);
  expect((await api('GET', `/v1/cases/${caseId}`)).body).toMatchObject({
    status: 'closed',
    applicant: { givenName: personal.givenName },
  });

  const workerUrl = `http://127.0.0.1:${ports.metrics}/metrics`;
  const worker = await eventually(async () => {
    const text = await scrape(workerUrl);
    return sample(text, 'pathways_partner_deliveries_total{channel="email",outcome="delivered"}') >= 1
      ? text
      : undefined;
  }, 60_000);
  expect(
    sample(worker, 'pathways_cases_started_total{program="resettlement",country="KE"}'),
  ).toBeGreaterThanOrEqual(1);
  expect(sample(worker, 'pathways_steps_completed_total')).toBeGreaterThanOrEqual(1);
  expect(sample(worker, 'pathways_case_events_total{kind="case_on_hold"}')).toBe(1);
  expect(sample(worker, 'pathways_emails_total{result="sent"}')).toBeGreaterThanOrEqual(3);
  expect(
    sample(worker, 'pathways_owed_messages_total{kind="email",outcome="delivered"}'),
  ).toBeGreaterThanOrEqual(3);
  expect(worker).toMatch(/^pathways_partner_dead_letters_total 0$/m);
  expect(worker).toMatch(/^pathways_escalations_sent_total 0$/m);

  const apiMetrics = await scrape(`http://127.0.0.1:${ports.api}/metrics`);
  expect(
    sample(apiMetrics, 'pathways_http_requests_total{method="POST",route="/v1/cases",status="201"}'),
  ).toBe(1);
  expect(
    sample(
      apiMetrics,
      'pathways_http_requests_total{method="POST",route="/v1/cases/{caseId}/hold",status="200"}',
    ),
  ).toBe(1);
  expect(
    sample(
      apiMetrics,
      'pathways_http_request_duration_seconds_count{method="POST",route="/v1/cases/{caseId}/complete-step",status="200"}',
    ),
  ).toBe(1);
  expect(sample(apiMetrics, 'pathways_cases{status="closed"}')).toBe(1);
  expect(apiMetrics).toMatch(/^pathways_cases_overdue 0$/m);
  // Everything the case owed has been delivered: the backlog drains to nothing.
  await eventually(async () => {
    const text = await scrape(`http://127.0.0.1:${ports.api}/metrics`);
    return /^pathways_owed_messages\{kind="email"\} 0$/m.test(text) &&
      /^pathways_owed_messages\{kind="partner"\} 0$/m.test(text)
      ? true
      : undefined;
  }, 60_000);
  expect(apiMetrics).not.toContain(caseId);

  const sdk = await scrape(`http://127.0.0.1:${ports.sdkMetrics}/metrics`);
  expect(sdk).toMatch(/^temporal_worker_task_slots_available\{/m);
  expect(sdk).toMatch(/^temporal_activity_execution_latency_count\{[^}]*\} [1-9]/m);

  expect((await pressCtrlC(child)).code).toBe(0);

  const lines = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines.length).toBeGreaterThan(20);
  expect(lines).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        component: 'api',
        msg: 'request',
        method: 'POST',
        route: '/v1/cases/{caseId}/hold',
        status: 200,
        caseId,
        keyId: expect.any(String),
      }),
      expect.objectContaining({
        component: 'temporal',
        workflowId: `case-${caseId}`,
        runId: expect.any(String),
        caseId,
        attempt: 1,
        activityType: 'applyProjection',
      }),
    ]),
  );
  for (const line of lines.filter((l) => l.msg === 'request'))
    expect(String(line.route)).not.toMatch(/C-[0-9A-Z]{6,}/);
  for (const value of [...Object.values(personal), 'Mariama', 'Ousmane', 'Dadaab', adminKey]) {
    expect([value, output.includes(value)]).toEqual([value, false]);
  }
});
