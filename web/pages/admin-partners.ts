// Partner organisations for admins: the directory and the form that adds one (its webhook
// signing secret shown once).
import { PARTNER_EVENTS } from '../../contract/partner-sharing';
import { LANGUAGES } from '../../definitions/vocabulary';
import { html } from '../html';
import type { Speech } from '../i18n';
import { page } from '../layout';
import type { SignedIn } from '../session';
import { adminNav } from './admin-nav';
import { checkboxesControl, formAlert, secretOnce, selectControl, textControl } from './fields';
import type { FormState } from './step-forms';

/** The kinds of partner organisation (the directory's own list). */
export const PARTNER_KINDS = ['ngo', 'unhcr', 'iom', 'state', 'legal_aid'] as const;

export interface PartnerRow {
  id: string;
  name: string;
  kind: string;
  contactEmail: string;
  language: string;
  webhookUrl: string | null;
  sharingProfile: { fields: string[]; events: string[] };
}

/** The partners page; `created` is the partner just added and its secret (shown once). */
export function partnersPage(
  speech: Speech,
  signedIn: SignedIn,
  partners: PartnerRow[],
  extra: { form?: FormState; created?: { id: string; webhookSecret: string | null } } = {},
): string {
  const { words } = speech;
  const { form, created } = extra;
  return page({
    speech,
    signedIn,
    path: '/app/admin/partners',
    title: words.partners,
    body: html`<h1>${words.partners}</h1>
      ${adminNav(speech, 'partners')}
      ${created ? html`<p class="notice" role="status">${words.partnerAdded}</p>` : ''}
      ${created?.webhookSecret ? secretOnce(words.secretOnce, created.webhookSecret, 'webhook-secret') : ''}
      ${
        partners.length === 0
          ? html`<p>${words.none}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">${words.partnerId}</th>
                  <th scope="col">${words.name}</th>
                  <th scope="col">${words.kind}</th>
                  <th scope="col">${words.contactEmail}</th>
                  <th scope="col">${words.language}</th>
                  <th scope="col">${words.webhook}</th>
                </tr>
              </thead>
              <tbody>
                ${partners.map(
                  (p) =>
                    html`<tr>
                      <td>${p.id}</td>
                      <td>${p.name}</td>
                      <td>${p.kind}</td>
                      <td>${p.contactEmail}</td>
                      <td>${p.language}</td>
                      <td dir="ltr">${p.webhookUrl ?? '—'}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      <section class="panel" aria-labelledby="add-partner-heading">
        <h2 id="add-partner-heading">${words.addPartner}</h2>
        ${formAlert(form, 'partner-form')}
        <form method="post" action="/app/admin/partners" novalidate>
          <input type="hidden" name="_csrf" value="${signedIn.csrfToken}" />
          ${textControl('partner', { name: 'id', label: words.partnerId, hint: words.partnerIdHint, required: true, maxLength: 63 }, form)}
          ${textControl('partner', { name: 'name', label: words.name, required: true }, form)}
          ${selectControl('partner', { name: 'kind', label: words.kind, required: true }, form, PARTNER_KINDS, words.choose)}
          ${textControl('partner', { name: 'contactEmail', label: words.contactEmail, required: true, type: 'email' }, form)}
          ${selectControl('partner', { name: 'language', label: words.language }, form, LANGUAGES)}
          ${textControl('partner', { name: 'webhookUrl', label: words.webhookUrl, type: 'url', maxLength: 2000 }, form)}
          ${textControl('partner', { name: 'sharedFields', label: words.sharingFields, hint: words.sharingFieldsHint }, form)}
          ${checkboxesControl('partner', { name: 'events', label: words.sharingEvents }, form, PARTNER_EVENTS)}
          <button type="submit">${words.add}</button>
        </form>
      </section>`,
  });
}
