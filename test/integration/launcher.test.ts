// `npm start` as a user runs it: embedded PostgreSQL, Temporal dev server and dev mailbox,
// a case started over HTTP moves when its step is completed, the email arrives, Ctrl-C stops
// everything, and a second start finds the case again.
import type { ChildProcess } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootHomeOf } from '../../lib/embedded-postgres-placement';
import { pressCtrlC, spawnStart } from '../support/launcher';
import {
  eventually,
  exited,
  freePort,
  portIsFree,
  processesMentioning,
  waitForOutput,
} from '../support/processes';

jest.setTimeout(240_000);

const dataDir = mkdtempSync(join(tmpdir(), 'pathways-start-'));
let ports: Record<string, number>;

function launch(): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATHWAYS_DATA_DIR: dataDir,
    TEMPORAL_UI: 'off',
    LOG_LEVEL: 'warn',
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
  return spawnStart(env);
}

const api = (path: string, init: RequestInit = {}) =>
  fetch(`http://127.0.0.1:${ports.api}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${readFileSync(join(dataDir, 'admin-api-key.txt'), 'utf8').trim()}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });

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
});

// As root, in a folder closed to the postgres user, the cluster (and, in a `mktemp -d` clone, the
// binaries) live in /var/lib/pathways/<hash>, the cluster linked from the data folder: its
// processes may name that folder instead.
const clusterLink = join(dataDir, 'postgres');
const linkedCluster = () =>
  lstatSync(clusterLink, { throwIfNoEntry: false })?.isSymbolicLink() ? realpathSync(clusterLink) : undefined;
const leftovers = () => [dataDir, linkedCluster()].flatMap((dir) => (dir ? processesMentioning(dir) : []));

afterAll(() => {
  for (const line of leftovers()) process.kill(Number(line.trim().split(' ')[0]), 'SIGKILL');
  rmSync(rootHomeOf(dataDir), { recursive: true, force: true });
});

it('serves a case end to end, stops cleanly on Ctrl-C, and keeps the case across a restart', async () => {
  const first = launch();
  const banner = await waitForOutput(first, /Press Ctrl-C/, 120_000);
  expect(banner).toMatch(/PostgreSQL \(embedded\)/);
  expect(banner).toMatch(new RegExp(`PostgreSQL data\\s+${linkedCluster() ?? clusterLink}\n`));
  expect(banner).toMatch(new RegExp(`Dev mailbox web\\s+http://127.0.0.1:${ports.mailboxWeb}`));
  // The web app's address is the first one printed, and it answers with its sign-in page.
  expect(banner).toMatch(
    new RegExp(`ready in [^\\n]*\\n\\s+Web app \\(sign in\\)\\s+http://127.0.0.1:${ports.api}/app\\n`),
  );
  const signIn = await fetch(`http://127.0.0.1:${ports.api}/app/sign-in`);
  expect([signIn.status, signIn.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);

  const started = await api('/v1/cases', {
    method: 'POST',
    body: JSON.stringify({
      program: 'resettlement',
      country: 'KE',
      reference: 'KE-START-0001',
      priority: 'normal',
      assignee: 'amina.odhiambo@example.org',
      applicant: { givenName: 'Halima', familyName: 'Yusuf', birthDate: '1990-02-03' },
    }),
  });
  expect(started.status).toBe(201);
  const created = (await started.json()) as { id: string; currentStep: string };
  expect(created.currentStep).toBe('identification');

  const completed = await api(`/v1/cases/${created.id}/complete-step`, {
    method: 'POST',
    body: JSON.stringify({
      step: 'identification',
      outcome: 'referred',
      data: { referral_source: 'protection' },
    }),
  });
  expect(completed.status).toBe(200);
  expect(((await completed.json()) as { currentStep: string }).currentStep).toBe('registration_check');

  const mail = await eventually(async () => {
    const res = await fetch(`http://127.0.0.1:${ports.mailboxWeb}/api/messages`);
    const { messages } = (await res.json()) as { messages: { subject: string; envelopeTo: string[] }[] };
    return messages.find((m) => m.subject.includes('KE-START-0001') && /registration/i.test(m.subject))
      ? messages
      : undefined;
  });
  expect(mail.some((m) => m.envelopeTo.includes('amina.odhiambo@example.org'))).toBe(true);
  expect(JSON.stringify(mail)).not.toMatch(/Halima|Yusuf/);

  const read = (await (await api(`/v1/cases/${created.id}`)).json()) as {
    currentStep: string;
    history: { step: string }[];
  };
  expect(read.currentStep).toBe('registration_check');
  expect(read.history.map((h) => h.step)).toEqual(['identification', 'registration_check']);

  expect(await pressCtrlC(first)).toEqual({
    code: 0,
    output: expect.stringMatching(/stopping…\n\[pathways\] stopped\n$/),
  });
  expect(leftovers()).toEqual([]);
  for (const [name, port] of Object.entries(ports))
    expect([name, await portIsFree(port)]).toEqual([name, true]);

  const second = launch();
  await waitForOutput(second, /Press Ctrl-C/, 120_000);
  const again = (await (await api(`/v1/cases/${created.id}`)).json()) as {
    currentStep: string;
    reference: string;
  };
  expect(again).toMatchObject({ reference: 'KE-START-0001', currentStep: 'registration_check' });
  // Ctrl-C while the launcher is busy (paused for 400 ms): it still stops everything itself, exit 0.
  expect(await pressCtrlC(second, { busyMs: 400 })).toEqual({
    code: 0,
    output: expect.stringContaining('[pathways] stopped'),
  });
  expect(leftovers()).toEqual([]);
});

it('refuses to start on a bad variable, naming it, before starting anything', async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATHWAYS_DATA_DIR: dataDir,
    API_PORT: 'eighty',
    SMTP_URL: 'http://mail',
  };
  const child = spawnStart(env, { detached: false });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  expect(await exited(child)).toBe(78);
  expect(output).toMatch(/API_PORT: Expected number/);
  expect(output).toMatch(/SMTP_URL: must start with smtp:\/\/ or smtps:\/\//);
  expect(leftovers()).toEqual([]);
});
