// The refugee's rights over their data, through the API: consent per partner (give, change,
// withdraw) and the subject access export.
import type { Client } from '@temporalio/client';
import type { Database } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';
import { CASE_HANDLERS } from '../access/roles';
import { changePartnerConsent } from '../cases/consent';
import { exportCase } from '../cases/export';
import { PERSONAL_DATA_READERS } from '../cases/views';
import type { ApiRoutes } from '../route';
import { CaseIdParams } from '../schemas/common';
import { CasePartnerParams, PartnerConsent, PartnerConsentBody } from '../schemas/consent';
import { CaseExport } from '../schemas/export';

export interface PersonalDataDeps {
  db: Database;
  keys: Keyring;
  temporal: Client;
  deadlineMs: number;
}

/** Declares the consent and export routes. */
export function personalDataRoutes(
  routes: ApiRoutes,
  { db, keys, temporal, deadlineMs }: PersonalDataDeps,
): void {
  const ctx = { db, temporal, deadlineMs };

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
}
