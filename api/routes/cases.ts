// Start, read and list cases, and a caseworker's tasks.
import type { Client } from '@temporalio/client';
import type { Database } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';
import type { Metrics } from '../../lib/metrics';
import type { OwedMessagesBell } from '../../lib/owed-messages-bell';
import { CASE_HANDLERS, EVERYONE, type Principal } from '../access/roles';
import { caseWithPersonalData } from '../cases/access';
import { listCases } from '../cases/list';
import { familyMemberIds } from '../families/service';
import { addPerson, casePeople, removePerson } from '../cases/people';
import { AddPersonBody, CasePeople, PersonParams, RemovePersonBody } from '../schemas/people';
import { myTasks } from '../cases/tasks';
import { startCase, type CaseRow } from '../cases/start-case';
import { partnerViewOf, staffViewOf, startedViewOf } from '../cases/views';
import { ForbiddenError } from '../errors';
import { reply, type ApiRoutes } from '../route';
import {
  CaseDetail,
  CaseList,
  CaseListQuery,
  CaseResponse,
  IdempotencyHeaders,
  StartCaseBody,
  TaskList,
  TaskListQuery,
} from '../schemas/cases';
import { CaseIdParams } from '../schemas/common';

export interface CaseRouteDeps {
  db: Database;
  /** Seal and open the applicant's data and the hold reason. */
  keys: Keyring;
  temporal: Client;
  taskQueue: string;
  deadlineMs: number;
  /** The start's metrics and relay bell (StartCaseDeps). */
  metrics?: Metrics;
  bell?: OwedMessagesBell;
}

/** Declares the case routes. */
export function caseRoutes(routes: ApiRoutes, deps: CaseRouteDeps): void {
  const { db, keys, temporal, taskQueue, deadlineMs } = deps;
  const peopleCtx = { db, keys, temporal, deadlineMs };
  const view = (row: CaseRow, caller: Principal) =>
    caller.role === 'partner'
      ? partnerViewOf(db, keys, row, caller)
      : staffViewOf(db, keys, temporal, row, caller, deadlineMs);

  routes.add({
    method: 'post',
    path: '/v1/cases',
    tag: 'cases',
    roles: CASE_HANDLERS,
    summary: 'Start a case (idempotent by Idempotency-Key header or reference)',
    headers: IdempotencyHeaders,
    body: StartCaseBody,
    response: CaseDetail,
    statuses: { 201: 'Case started', 200: 'The case this key or reference already started' },
    handler: async ({ caller, body, req }) => {
      const idempotencyKey = req.get('idempotency-key')?.slice(0, 200) || undefined;
      const { row, created } = await startCase(deps, caller, body, idempotencyKey);
      // A new case answers from its row and first step; a repeat may have moved on: ask its workflow.
      if (created) return reply(201, startedViewOf(row, caller, created));
      return reply(200, await staffViewOf(db, keys, temporal, row, caller, deadlineMs));
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/cases',
    tag: 'cases',
    roles: EVERYONE,
    summary: 'List and filter cases (from PostgreSQL), sorted by due date, cursor-paginated',
    query: CaseListQuery,
    response: CaseList,
    handler: async ({ caller, query }) =>
      listCases(
        db,
        keys,
        caller,
        query,
        query.family
          ? await familyMemberIds({ db, temporal, taskQueue, deadlineMs }, query.family)
          : undefined,
      ),
  });

  routes.add({
    method: 'get',
    path: '/v1/cases/{caseId}',
    tag: 'cases',
    roles: EVERYONE,
    summary: 'Read a case: projection, live state, history, deliveries',
    params: CaseIdParams,
    response: CaseResponse,
    handler: async ({ caller, params }) =>
      view(await caseWithPersonalData(db, caller, params.caseId), caller),
  });

  routes.add({
    method: 'get',
    path: '/v1/cases/{caseId}/people',
    tag: 'cases',
    roles: CASE_HANDLERS,
    summary:
      'The people of a case: the principal applicant and the dependants (personal data; the read is audited)',
    params: CaseIdParams,
    response: CasePeople,
    handler: async ({ caller, params }) => casePeople(db, keys, caller, params.caseId),
  });

  routes.add({
    method: 'post',
    path: '/v1/cases/{caseId}/people',
    tag: 'cases',
    roles: CASE_HANDLERS,
    summary: 'Add a dependant (spouse, child, parent, sibling, other); sealed at rest, audited',
    params: CaseIdParams,
    body: AddPersonBody,
    response: CasePeople,
    statuses: {
      201: 'Person added',
      200: 'The same person is already on the case (a repeated add): nobody is added twice',
      202: 'Person added; the case is told when Temporal answers again (the next action or within a minute)',
    },
    handler: async ({ caller, params, body }) => {
      const { status, people } = await addPerson(peopleCtx, caller, params.caseId, body);
      return reply(status, people);
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/cases/{caseId}/people/{personId}/remove',
    tag: 'cases',
    roles: CASE_HANDLERS,
    summary: 'Remove a dependant from the case (audited)',
    params: PersonParams,
    body: RemovePersonBody,
    response: CasePeople,
    statuses: {
      200: 'Person removed',
      202: 'Person removed; the case is told when Temporal answers again (the next action or within a minute)',
    },
    handler: async ({ caller, params }) => {
      const { status, people } = await removePerson(peopleCtx, caller, params.caseId, params.personId);
      return reply(status, people);
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/tasks',
    tag: 'cases',
    roles: CASE_HANDLERS,
    summary:
      'My tasks: open steps whose role I hold (on my cases, and reviews in my countries), overdue first',
    query: TaskListQuery,
    response: TaskList,
    handler: async ({ caller, query }) => {
      if (!caller.principal.includes('@'))
        throw new ForbiddenError('tasks belong to staff keys (principal is an email)');
      return { tasks: await myTasks(db, caller, query.limit) };
    },
  });
}
