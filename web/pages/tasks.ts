// "My tasks": the steps the person may act on, soonest due first, overdue marked, with filters.
import type { ResolvedDefinition } from '../../definitions/schema';
import { PRIORITIES } from '../../definitions/vocabulary';
import type { CaseSummary } from '../../api/schemas/cases';
import { html } from '../html';
import type { Speech } from '../i18n';
import { page } from '../layout';
import type { SignedIn } from '../session';
import { stepTitle } from '../definitions';

export interface TaskRow {
  task: CaseSummary & { reason: 'assigned' | 'review' };
  definition: ResolvedDefinition | undefined;
}

export interface TaskFilters {
  country?: string;
  program?: string;
  priority?: string;
}

const select = (
  name: string,
  label: string,
  all: string,
  values: string[],
  chosen: string | undefined,
  word = (v: string) => v,
) =>
  html` <div class="field">
    <label for="filter-${name}">${label}</label>
    <select id="filter-${name}" name="${name}">
      <option value="">${all}</option>
      ${values.map(
        (v) => html`<option value="${v}" ${v === chosen ? html` selected` : ''}>${word(v)}</option>`,
      )}
    </select>
  </div>`;

/** The task list page; `all` gives the filters their choices, `shown` the rows after filtering. */
export function tasksPage(
  speech: Speech,
  signedIn: SignedIn,
  all: TaskRow[],
  shown: TaskRow[],
  filters: TaskFilters,
  path: string,
): string {
  const { words } = speech;
  const distinct = (pick: (t: TaskRow) => string) => [...new Set(all.map(pick))].sort();
  const rows = shown.map(
    ({ task, definition }) => html`<tr>
  <td><a href="/app/cases/${encodeURIComponent(task.id)}">${task.reference}</a></td>
  <td>${stepTitle(definition, task.currentStep, speech.language)}</td>
  <td>${task.country}</td>
  <td>${task.program}</td>
  <td>${speech.priority(task.priority)}</td>
  <td${task.overdue ? html` class="overdue"` : ''}>${speech.date(task.dueAt, definition?.timeZone ?? 'UTC')}${task.overdue ? html` <span class="badge">${words.overdue}</span>` : ''}</td>
  <td>${task.reason === 'assigned' ? words.reasonAssigned : words.reasonReview}</td>
</tr>`,
  );
  return page({
    speech,
    signedIn,
    path,
    title: words.myTasks,
    body: html`<h1>${words.myTasks}</h1>
      <form method="get" action="/app/tasks" class="filters">
        ${select(
          'country',
          words.country,
          words.allCountries,
          distinct((t) => t.task.country),
          filters.country,
        )}
        ${select(
          'program',
          words.program,
          words.allPrograms,
          distinct((t) => t.task.program),
          filters.program,
        )}
        ${select('priority', speech.common('priorityLabel'), words.allPriorities, [...PRIORITIES], filters.priority, speech.priority)}
        <div class="field"><button type="submit">${words.filter}</button></div>
      </form>
      ${
        shown.length === 0
          ? html`<p>${words.noTasks}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">${speech.common('caseLabel')}</th>
                  <th scope="col">${speech.common('stepLabel')}</th>
                  <th scope="col">${words.country}</th>
                  <th scope="col">${words.program}</th>
                  <th scope="col">${speech.common('priorityLabel')}</th>
                  <th scope="col">${speech.common('dueLabel')}</th>
                  <th scope="col">${words.reason}</th>
                </tr>
              </thead>
              <tbody>
                ${rows}
              </tbody>
            </table>`
      }`,
  });
}
