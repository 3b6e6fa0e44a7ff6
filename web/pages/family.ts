// The family on the case page: the members of the case's group the person may see (the others
// only counted, as the API answers), where each stands, and whom the family waits on.
import type { FamilyResponse } from '../../api/schemas/families';
import type { CaseDetail } from '../../api/schemas/cases';
import { html, type Html } from '../html';
import { fill } from '../i18n/catalog';
import type { Speech } from '../i18n';

/** The family group as the page shows it: the API's answer, or unreadable right now. */
export type FamilyShown =
  | {
      group: FamilyResponse;
      /** Each member's current step title, by case id. */ stepTitles: Map<string, string>;
    }
  | { unavailable: true };

const caseLink = (caseId: string, current: string, speech: Speech): Html =>
  caseId === current
    ? html`<strong>${caseId}</strong> (${speech.words.thisCase})`
    : html`<a href="/app/cases/${encodeURIComponent(caseId)}">${caseId}</a>`;

function statusWord(speech: Speech, status: string, closed: boolean): string {
  const { words } = speech;
  if (closed || status === 'closed') return words.closed;
  if (status === 'waiting_for_family') return words.waitingForFamily;
  if (status === 'on_hold') return words.onHold;
  return words.open;
}

function barriers(speech: Speech, group: FamilyResponse, current: string): Html {
  return html`${group.barriers.map((b) => {
    const cases = [
      ...b.waitingOn.map((id) => caseLink(id, current, speech)),
      ...(b.hiddenWaitingOn > 0
        ? [html`${fill(speech.words.hiddenWaitingOn, { count: String(b.hiddenWaitingOn) })}`]
        : []),
    ];
    return html`<p class="family-barrier">
      ${fill(speech.words.familyWaitsOn, { key: b.key })}
      ${cases.map((c, i) => html`${i > 0 ? ', ' : ''}${c}`)}
    </p>`;
  })}`;
}

function members(
  speech: Speech,
  group: FamilyResponse,
  stepTitles: Map<string, string>,
  current: string,
  timeZone: string,
): Html {
  const { words } = speech;
  const heldBy = new Set(group.barriers.flatMap((b) => b.waitingOn));
  return html`<table id="family-members">
    <thead>
      <tr>
        <th scope="col">${speech.common('caseLabel')}</th>
        <th scope="col">${words.country}</th>
        <th scope="col">${words.currentStep}</th>
        <th scope="col">${speech.common('dueLabel')}</th>
        <th scope="col">${words.status}</th>
        <th scope="col">${words.holdsFamily}</th>
      </tr>
    </thead>
    <tbody>
      ${group.members.map(
        (m) =>
          html`<tr data-case="${m.caseId}">
            <td>${caseLink(m.caseId, current, speech)}</td>
            <td>${m.country}</td>
            <td>${m.currentStep ? (stepTitles.get(m.caseId) ?? m.currentStep) : '—'}</td>
            <td${m.overdue ? html` class="overdue"` : ''}>
              ${speech.date(m.dueAt, timeZone)}${m.overdue ? html` <span class="badge">${words.overdue}</span>` : ''}
            </td>
            <td>${statusWord(speech, m.status, m.closed)}</td>
            <td>${heldBy.has(m.caseId) ? words.yes : ''}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The family section of a case page (nothing when the case is in no group). */
export function familySection(
  speech: Speech,
  detail: CaseDetail,
  shown: FamilyShown | undefined,
  timeZone: string,
): Html {
  const { words } = speech;
  const family = detail.family;
  if (!family) return html``;
  const waiting = family.waitingFor
    ? html`<p class="alert" role="status" id="waiting-for-family">
        <strong>${words.waitingForFamily}.</strong>
        ${fill(words.waitingAt, { key: family.waitingFor, since: speech.date(family.waitingSince, timeZone) })}
      </p>`
    : '';
  if (!shown || 'unavailable' in shown)
    return html`<section aria-labelledby="family-heading" id="family">
      <h2 id="family-heading">${words.family} <code>${family.groupId}</code></h2>
      ${waiting}
      <p class="alert">${words.familyUnavailable}</p>
    </section>`;
  const { group, stepTitles } = shown;
  return html`<section aria-labelledby="family-heading" id="family">
    <h2 id="family-heading">${words.family} <code>${group.id}</code> · ${group.reference}</h2>
    ${waiting} ${barriers(speech, group, detail.id)}
    ${members(speech, group, stepTitles, detail.id, timeZone)}
    ${
      group.hiddenMembers > 0
        ? html`<p id="family-hidden">${fill(words.hiddenMembers, { count: String(group.hiddenMembers) })}</p>`
        : ''
    }
  </section>`;
}
