// API keys for admins: every key (never its secret), the form that creates one (the secret
// shown once, on the answer), and revoke on each live key.
import { ROLES } from '../../api/access/roles';
import { html } from '../html';
import type { Speech } from '../i18n';
import { page } from '../layout';
import type { SignedIn } from '../session';
import { adminNav } from './admin-nav';
import { formAlert, secretOnce, selectControl, textControl } from './fields';
import type { FormState } from './step-forms';

export interface KeyRow {
  id: string;
  prefix: string;
  principal: string;
  role: string;
  countries: string[];
  partnerId: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** The keys page; `created` holds a new key's secret (this answer only). */
export function keysPage(
  speech: Speech,
  signedIn: SignedIn,
  keys: KeyRow[],
  extra: { form?: FormState; created?: string; notice?: string } = {},
): string {
  const { words } = speech;
  const { form, created } = extra;
  const csrf = signedIn.csrfToken;
  return page({
    speech,
    signedIn,
    path: '/app/admin/keys',
    title: words.apiKeys,
    body: html`<h1>${words.apiKeys}</h1>
      ${adminNav(speech, 'keys')}
      ${extra.notice ? html`<p class="notice" role="status">${extra.notice}</p>` : ''}
      ${created ? secretOnce(words.keyOnce, created, 'new-key') : ''}
      <table>
        <thead>
          <tr>
            <th scope="col">${words.keyPrefix}</th>
            <th scope="col">${words.principal}</th>
            <th scope="col">${words.role}</th>
            <th scope="col">${words.countries}</th>
            <th scope="col">${words.createdOn}</th>
            <th scope="col">${words.status}</th>
          </tr>
        </thead>
        <tbody>
          ${keys.map(
            (k) =>
              html`<tr>
                <td dir="ltr"><code>pw_${k.prefix}_…</code></td>
                <td>${k.principal}${k.partnerId ? ` (${k.partnerId})` : ''}</td>
                <td>${k.role}</td>
                <td>${k.countries.join(', ') || '—'}</td>
                <td>${speech.date(k.createdAt, 'UTC')}</td>
                <td>
                  ${
                    k.revokedAt
                      ? html`${words.revokedOn} ${speech.date(k.revokedAt, 'UTC')}`
                      : html`${words.active}
                          <form method="post" action="/app/admin/keys/${k.id}/revoke" class="inline">
                            <input type="hidden" name="_csrf" value="${csrf}" />
                            <button
                              type="submit"
                              class="secondary"
                              aria-label="${words.revoke}: pw_${k.prefix}"
                            >
                              ${words.revoke}
                            </button>
                          </form>`
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <section class="panel" aria-labelledby="create-key-heading">
        <h2 id="create-key-heading">${words.createKey}</h2>
        ${formAlert(form, 'key-form')}
        <form method="post" action="/app/admin/keys" novalidate>
          <input type="hidden" name="_csrf" value="${csrf}" />
          ${textControl('key', { name: 'principal', label: words.principal, required: true }, form)}
          ${selectControl('key', { name: 'role', label: words.role, required: true }, form, ROLES, words.choose)}
          ${textControl('key', { name: 'countries', label: words.countries, hint: words.listHint }, form)}
          ${textControl('key', { name: 'partnerId', label: words.partnerId, hint: words.partnerIdHint, maxLength: 100 }, form)}
          <button type="submit">${words.createKey}</button>
        </form>
      </section>`,
  });
}
