// The supervisor's page: the team's overdue work in their countries and the approvals waiting.
import type { CaseSummary } from '../../api/schemas/cases';
import { html } from '../html';
import type { Speech } from '../i18n';
import { page } from '../layout';
import type { SignedIn } from '../session';
import { stepTitle } from '../definitions';
import type { TaskRow } from './tasks';
import type { ResolvedDefinition } from '../../definitions/schema';

export interface TeamRow {
  summary: CaseSummary;
  definition: ResolvedDefinition | undefined;
}

function table(speech: Speech, rows: TeamRow[]) {
  const { words } = speech;
  return html`<table>
    <thead>
      <tr>
        <th scope="col">${speech.common('caseLabel')}</th>
        <th scope="col">${speech.common('stepLabel')}</th>
        <th scope="col">${words.assignee}</th>
        <th scope="col">${speech.common('priorityLabel')}</th>
        <th scope="col">${speech.common('dueLabel')}</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        ({ summary, definition }) => html`<tr>
  <td><a href="/app/cases/${encodeURIComponent(summary.id)}">${summary.reference}</a></td>
  <td>${stepTitle(definition, summary.currentStep, speech.language)}</td>
  <td>${summary.assignee}</td>
  <td>${speech.priority(summary.priority)}</td>
  <td${summary.overdue ? html` class="overdue"` : ''}>${speech.date(summary.dueAt, definition?.timeZone ?? 'UTC')}</td>
</tr>`,
      )}
    </tbody>
  </table>`;
}

/** The team page: overdue cases of the supervisor's countries, then the reviews waiting for them. */
export function teamPage(
  speech: Speech,
  signedIn: SignedIn,
  overdue: TeamRow[],
  approvals: TaskRow[],
): string {
  const { words } = speech;
  const reviews = approvals.map(({ task, definition }) => ({ summary: task, definition }));
  return page({
    speech,
    signedIn,
    path: '/app/team',
    title: words.team,
    body: html`<h1>${words.team}</h1>
      <h2>${words.overdueWork}</h2>
      ${overdue.length === 0 ? html`<p>${words.nothingOverdue}</p>` : table(speech, overdue)}
      <h2>${words.approvalsWaiting}</h2>
      ${reviews.length === 0 ? html`<p>${words.noApprovals}</p>` : table(speech, reviews)}`,
  });
}
