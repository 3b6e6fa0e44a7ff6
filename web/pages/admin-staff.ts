// The staff directory for admins: everyone with their roles and countries, the form that adds
// a person, and deactivate / reactivate on each row.
import { LANGUAGES } from '../../definitions/vocabulary';
import { html } from '../html';
import type { Speech } from '../i18n';
import { page } from '../layout';
import type { SignedIn } from '../session';
import { adminNav } from './admin-nav';
import { formAlert, selectControl, textControl } from './fields';
import type { FormState } from './step-forms';

export interface StaffRow {
  id: string;
  name: string;
  email: string;
  roles: string[];
  countries: string[];
  language: string | null;
  active: boolean;
}

/** The staff page; `form` is the add form as typed, with its errors. */
export function staffPage(
  speech: Speech,
  signedIn: SignedIn,
  staff: StaffRow[],
  extra: { form?: FormState; notice?: string } = {},
): string {
  const { words } = speech;
  const csrf = signedIn.csrfToken;
  const { form } = extra;
  return page({
    speech,
    signedIn,
    path: '/app/admin/staff',
    title: words.staff,
    body: html`<h1>${words.staff}</h1>
      ${adminNav(speech, 'staff')}
      ${extra.notice ? html`<p class="notice" role="status">${extra.notice}</p>` : ''}
      <table>
        <thead>
          <tr>
            <th scope="col">${words.name}</th>
            <th scope="col">${words.email}</th>
            <th scope="col">${words.roles}</th>
            <th scope="col">${words.countries}</th>
            <th scope="col">${words.language}</th>
            <th scope="col">${words.status}</th>
          </tr>
        </thead>
        <tbody>
          ${staff.map(
            (s) =>
              html`<tr>
                <td>${s.name}</td>
                <td>${s.email}</td>
                <td>${s.roles.join(', ')}</td>
                <td>${s.countries.join(', ')}</td>
                <td>${s.language ?? '—'}</td>
                <td>
                  ${s.active ? words.active : words.inactive}
                  <form method="post" action="/app/admin/staff/${s.id}/active" class="inline">
                    <input type="hidden" name="_csrf" value="${csrf}" />
                    <input type="hidden" name="active" value="${s.active ? 'false' : 'true'}" />
                    <button
                      type="submit"
                      class="secondary"
                      aria-label="${s.active ? words.deactivate : words.reactivate}: ${s.email}"
                    >
                      ${s.active ? words.deactivate : words.reactivate}
                    </button>
                  </form>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <section class="panel" aria-labelledby="add-staff-heading">
        <h2 id="add-staff-heading">${words.addStaff}</h2>
        ${formAlert(form, 'staff-form')}
        <form method="post" action="/app/admin/staff" novalidate>
          <input type="hidden" name="_csrf" value="${csrf}" />
          ${textControl('staff', { name: 'name', label: words.name, required: true }, form)}
          ${textControl('staff', { name: 'email', label: words.email, required: true, type: 'email' }, form)}
          ${textControl('staff', { name: 'roles', label: words.roles, hint: 'caseworker, supervisor, program_manager, admin, …' }, form)}
          ${textControl('staff', { name: 'countries', label: words.countries, hint: words.listHint }, form)}
          ${selectControl('staff', { name: 'language', label: words.language }, form, LANGUAGES, '—')}
          ${textControl('staff', { name: 'timeZone', label: words.timeZone, hint: 'Africa/Nairobi' }, form)}
          <button type="submit">${words.add}</button>
        </form>
      </section>`,
  });
}
