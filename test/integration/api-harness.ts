// A real API for the integration tests: the express app over supertest, a real Temporal dev
// server with a case worker (encrypting payload codec on both sides), the run's PostgreSQL
// database, published test definitions, partners, staff and one API key per role.
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import { createApp, type AppDeps } from '../../api/app';
import { createApiKey } from '../../api/access/api-keys';
import type { Role } from '../../api/access/roles';
import type { ActivityDeps } from '../../activities';
import { OwedMessagesBell } from '../../lib/owed-messages-bell';
import { ResolvedDefinition } from '../../definitions/schema';
import { publishDefinition } from '../../definitions/store';
import { database } from '../../lib/database';
import { keyring } from '../../lib/keyring';
import { dataConverter } from '../../lib/payload-codec';
import { devServerEnvironment, timeSkippingEnvironment } from '../support/temporal';
import { registerCaseSearchAttributes, runningCaseWorker } from '../support/case-worker';

export const NAMESPACE = 'default';
export const TASK_QUEUE = 'api-tests';

/** Two countries' cases that depart together (`${prefix}.${country}`): the first at departure waits for the other. */
export function jointDefinition(prefix: string, country: string): ResolvedDefinition {
  return ResolvedDefinition.parse({
    id: `${prefix}.${country.toLowerCase()}`,
    program: 'family-reunification',
    title: `Family (${country})`,
    country,
    roles: ['caseworker', 'supervisor'],
    start: 'prepare',
    steps: [
      {
        id: 'prepare',
        kind: 'task',
        title: 'Prepare',
        owner: 'caseworker',
        due: 'P5D',
        outcomes: { done: 'departure' },
      },
      {
        id: 'departure',
        kind: 'task',
        title: 'Departure',
        owner: 'caseworker',
        due: 'P7D',
        together: 'departure',
        outcomes: { departed: 'arrived' },
      },
      { id: 'arrived', kind: 'end', title: 'Arrived', reason: 'reunited' },
    ],
  });
}

/** The API tests' process for a country: task → approval → external decision → timer → end. */
export function apiDefinition(country: string): ResolvedDefinition {
  return ResolvedDefinition.parse({
    id: `api-mini.${country.toLowerCase()}`,
    program: 'resettlement',
    title: `API test resettlement (${country})`,
    country,
    timeZone: 'Africa/Nairobi',
    language: 'en',
    roles: ['caseworker', 'supervisor'],
    start: 'assessment',
    steps: [
      {
        id: 'assessment',
        kind: 'task',
        title: 'Needs assessment',
        owner: 'caseworker',
        partnerStatus: 'Assessment',
        due: { emergency: 'P1D', urgent: 'P3D', normal: 'P5D' },
        fields: [
          {
            name: 'category',
            type: 'enum',
            required: true,
            values: ['legal_physical_protection', 'medical_needs'],
          },
        ],
        reminders: [{ id: 'soon', kind: 'before_due', before: 'PT12H' }],
        outcomes: { assessed: 'review' },
      },
      {
        id: 'review',
        kind: 'approval',
        title: 'Supervisor review',
        owner: 'supervisor',
        due: 'P2D',
        outcomes: { approved: 'decision', rejected: 'not_resettled', returned: 'assessment' },
      },
      {
        id: 'decision',
        kind: 'wait',
        title: 'State decision',
        event: 'state_decision',
        partnerStatus: 'Awaiting decision',
        outcomes: { accepted: 'travel', rejected: 'not_resettled', deferred: 'review' },
      },
      {
        id: 'travel',
        kind: 'timer',
        title: 'Travel window',
        duration: 'P7D',
        outcomes: { elapsed: 'arrived' },
      },
      { id: 'arrived', kind: 'end', title: 'Arrived', reason: 'resettled', partnerStatus: 'Arrived' },
      { id: 'not_resettled', kind: 'end', title: 'Not resettled', reason: 'rejected' },
    ],
  });
}

export type RoleKeys = Record<Role, string> & { partnerB: string; caseworkerElsewhere: string };

export interface ApiHarness {
  env: TestWorkflowEnvironment;
  client: Client;
  app: Express;
  http: ReturnType<typeof request>;
  keys: RoleKeys;
  /** A suffix that keeps this file's references and emails apart from other files'. */
  run: string;
  staff: { caseworker: string; supervisor: string; manager: string; admin: string };
  partners: { a: string; b: string };
  close(): Promise<void>;
}

/** Dependencies whose emails go nowhere and whose partner feeds are never woken: owed messages are marked delivered. */
export function quietDeps(): ActivityDeps {
  return {
    db: database(),
    keys: keyring(),
    publicUrl: 'http://api.test',
    mailer: { send: async () => undefined, close: () => undefined },
    feed: { wake: async () => undefined },
    bell: new OwedMessagesBell(),
  };
}

/** Starts everything; `worker: false` leaves cases unprocessed (for tests that need no workflow). */
export async function startApiHarness(
  options: {
    worker?: boolean;
    app?: Partial<AppDeps>;
    /** Test doubles for the worker's activities (then no relay delivers owed messages). */
    activities?: (client: Client) => object;
    /** The worker's real dependencies (test/support/real-activities.ts): its activities and relay are built from them. */
    deps?: (client: Client) => ActivityDeps;
    /** Months in a test: a time-skipping server instead of the dev server (time moves by env.sleep). */
    timeSkipping?: boolean;
  } = {},
): Promise<ApiHarness> {
  const db = database();
  const run = randomBytes(3).toString('hex');
  const env = options.timeSkipping ? await timeSkippingEnvironment() : await devServerEnvironment(NAMESPACE);
  if (options.timeSkipping) await registerCaseSearchAttributes(env);
  const client = new Client({
    connection: env.connection,
    namespace: NAMESPACE,
    dataConverter: dataConverter(),
  });
  let worker: { stop(): Promise<void> } | undefined;
  let deps: ActivityDeps | undefined;
  if (options.worker !== false) {
    // Email and partner delivery have their own tests; by default owed messages are only marked delivered.
    deps = options.activities ? undefined : (options.deps?.(client) ?? quietDeps());
    worker = await runningCaseWorker(env, TASK_QUEUE, deps, {
      dataConverter: dataConverter(),
      ...(options.activities ? { activities: options.activities(client) } : {}),
    });
  }
  // XB keeps one resettlement process; XA gathers the tests' variants (bid-mini, partner-emails…),
  // so a start there names its process: by program and country it is 422 ambiguous_definition.
  for (const country of ['XA', 'XB'])
    await publishDefinition(apiDefinition(country), { publishedBy: 'api-tests' });

  const staff = {
    caseworker: `amina.${run}@pathways.test`,
    supervisor: `grace.${run}@pathways.test`,
    manager: `pm.${run}@pathways.test`,
    admin: `admin.${run}@pathways.test`,
  };
  await db.staff.createMany({
    data: [
      { name: 'Amina', email: staff.caseworker, roles: ['caseworker'], countries: ['XA'] },
      { name: 'Grace', email: staff.supervisor, roles: ['supervisor'], countries: ['XA'] },
      { name: 'Pat', email: staff.manager, roles: ['program_manager'], countries: ['XA'] },
    ],
  });
  const partners = { a: `ngo-a-${run}`, b: `ngo-b-${run}` };
  await db.partner.createMany({
    data: [
      {
        id: partners.a,
        name: 'Referring NGO A',
        kind: 'ngo',
        contactEmail: `a.${run}@ngo.test`,
        sharingProfile: { fields: ['program', 'givenName'], events: ['step_entered'] },
      },
      {
        id: partners.b,
        name: 'Legal aid B',
        kind: 'legal_aid',
        contactEmail: `b.${run}@ngo.test`,
        sharingProfile: { fields: [], events: ['case_closed'] },
      },
    ],
  });
  const key = async (principal: string, role: Role, countries: string[], partnerId?: string) =>
    (await createApiKey(db, { principal, role, countries, partnerId: partnerId ?? null })).key;
  const keys: RoleKeys = {
    admin: await key(staff.admin, 'admin', []),
    program_manager: await key(staff.manager, 'program_manager', ['XA']),
    supervisor: await key(staff.supervisor, 'supervisor', ['XA']),
    caseworker: await key(staff.caseworker, 'caseworker', ['XA']),
    partner: await key(partners.a, 'partner', [], partners.a),
    partnerB: await key(partners.b, 'partner', [], partners.b),
    caseworkerElsewhere: await key(`juma.${run}@pathways.test`, 'caseworker', ['XB']),
  };
  const app = createApp({
    db,
    keys: keyring(),
    temporal: client,
    taskQueue: TASK_QUEUE,
    namespace: NAMESPACE,
    // As in one process: a start that owes messages rings the worker's relay.
    ...(deps?.bell ? { bell: deps.bell } : {}),
    ...options.app,
  });
  return {
    env,
    client,
    app,
    http: request(app),
    keys,
    run,
    staff,
    partners,
    async close() {
      await worker?.stop();
      await env.teardown();
    },
  };
}

/** A start-case body for the test definition, with recognisable personal data. */
export function startBody(h: ApiHarness, overrides: Record<string, unknown> = {}) {
  return {
    definitionId: 'api-mini.xa',
    reference: `XA-${h.run}-${randomBytes(4).toString('hex')}`,
    priority: 'normal',
    assignee: h.staff.caseworker,
    partners: [{ partnerId: h.partners.a, role: 'referring', consent: ['case_updates'] }],
    applicant: {
      givenName: 'Zainabu',
      familyName: 'Mwangalizi',
      birthDate: '1987-03-14',
      phone: '+254700000001',
    },
    ...overrides,
  };
}

/** Authorization header for a key. */
export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
