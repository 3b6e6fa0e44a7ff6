// The refugee's rights over their data, through the API: consent per partner (give, change,
// withdraw), the subject access export, and erasure (requested, then approved by a second person).
import type { Client } from '@temporalio/client';
import type { Database } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';
import { CASE_HANDLERS, SUPERVISORS } from '../access/roles';
import { approveErasure, requestErasure } from '../cases/erasure';
import { changePartnerConsent } from '../cases/consent';
import { exportCase } from '../cases/export';
import { PERSONAL_DATA_READERS } from '../cases/views';
import { reply, type ApiRoutes } from '../route';
import { CaseIdParams } from '../schemas/common';
import { CasePartnerParams, PartnerConsent, PartnerConsentBody } from '../schemas/consent';
import { Erasure, ErasureRequestBody } from '../schemas/erasure';
import { CaseExport } from '../schemas/export';

export interface PersonalDataDeps {
  db: Database;
  keys: Keyring;
  temporal: Client;
  taskQueue: string;
  deadlineMs: number;
}

/** Declares the consent and export routes. */
export function personalDataRoutes(
  routes: ApiRoutes,
  { db, keys, temporal, taskQueue, deadlineMs }: PersonalDataDeps,
): void {
  const ctx = { db, keys, temporal, taskQueue, deadlineMs };

  routes.add({
    method: 'put',
    path: '/v1/cases/{caseId}/partners/{partnerId}/consent',
    tag: 'personal data',
    roles: CASE_HANDLERS,
    summary:
      "Give or change the refugee's consent for a partner of the case; without case_updates the partner gets consent_withdrawn (audited)",
    params: CasePartnerParams,
    body: PartnerConsentBody,
    response: PartnerConsent,
    handler: ({ caller, params, body }) =>
      changePartnerConsent(ctx, caller, params.caseId, params.partnerId, body.purposes),
  });

  routes.add({
    method: 'delete',
    path: '/v1/cases/{caseId}/partners/{partnerId}/consent',
    tag: 'personal data',
    roles: CASE_HANDLERS,
    summary:
      'Withdraw all consent for a partner of the case: personal fields stop at once and the partner gets consent_withdrawn (audited)',
    params: CasePartnerParams,
    response: PartnerConsent,
    handler: ({ caller, params }) => changePartnerConsent(ctx, caller, params.caseId, params.partnerId, []),
  });

  routes.add({
    method: 'get',
    path: '/v1/cases/{caseId}/export',
    tag: 'personal data',
    roles: PERSONAL_DATA_READERS,
    summary: "Subject access export: everything held about the case's people, as a JSON download (audited)",
    params: CaseIdParams,
    response: CaseExport,
    handler: async ({ caller, params, res }) => {
      const exported = await exportCase(db, keys, caller, params.caseId);
      res.setHeader('Content-Disposition', `attachment; filename="case-${exported.case.id}.json"`);
      return exported;
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/cases/{caseId}/erasure',
    tag: 'personal data',
    roles: SUPERVISORS,
    summary:
      "Request the erasure of a closed case's personal data, with a reason code; a second admin or supervisor approves it (audited)",
    params: CaseIdParams,
    body: ErasureRequestBody,
    response: Erasure,
    statuses: { 201: 'Requested: waiting for a second person' },
    handler: async ({ caller, params, body }) =>
      reply(201, await requestErasure(db, caller, params.caseId, body.reason)),
  });

  routes.add({
    method: 'post',
    path: '/v1/cases/{caseId}/erasure/approve',
    tag: 'personal data',
    roles: SUPERVISORS,
    summary:
      "Approve a requested erasure (not the requester): the case's key is destroyed, its personal data unreadable everywhere at once (audited)",
    params: CaseIdParams,
    response: Erasure,
    handler: ({ caller, params }) => approveErasure(db, keys, temporal, caller, params.caseId),
  });
}
