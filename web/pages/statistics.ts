// The monthly statistics of the person's countries: submissions, decisions and departures per
// month as a bar chart (server-rendered SVG), the same numbers in a table, and filters.
import { PROGRAMS } from '../../definitions/vocabulary';
import { html } from '../html';
import type { Speech } from '../i18n';
import { page } from '../layout';
import type { SignedIn } from '../session';
import { barChart } from './chart';
import { selectControl, textControl } from './fields';
import type { FormState } from './step-forms';

/** One month's totals over the programs and countries shown. */
export interface MonthTotals {
  month: string;
  submissions: number;
  accepted: number;
  rejected: number;
  deferred: number;
  departures: number;
}

const COLUMNS = ['submissions', 'accepted', 'rejected', 'deferred', 'departures'] as const;
const COLORS = ['#0b5cad', '#1d6b35', '#a4161a', '#8a5a00', '#5b2a86'];

/** The statistics page; `filters` holds the form as typed and its errors. */
export function statisticsPage(
  speech: Speech,
  signedIn: SignedIn,
  months: MonthTotals[],
  filters: FormState,
  countries: string[],
): string {
  const { words } = speech;
  const shown = months.length > 0 && months.some((m) => COLUMNS.some((c) => m[c] > 0));
  const range = months.length ? `${months[0]!.month} – ${months[months.length - 1]!.month}` : '';
  return page({
    speech,
    signedIn,
    path: '/app/statistics',
    title: words.statistics,
    body: html`<h1>${words.statistics}</h1>
      <p>${words.statisticsIntro}</p>
      <form method="get" action="/app/statistics" class="filters" novalidate>
        ${textControl('stats', { name: 'from', label: words.fromMonth, maxLength: 7 }, filters)}
        ${textControl('stats', { name: 'to', label: words.toMonth, maxLength: 7 }, filters)}
        ${selectControl('stats', { name: 'country', label: words.country }, filters, countries, words.allCountries)}
        ${selectControl('stats', { name: 'program', label: words.program }, filters, PROGRAMS, words.allPrograms)}
        <div class="field"><button type="submit">${words.show}</button></div>
      </form>
      ${
        shown
          ? barChart({
              id: 'outcomes-chart',
              title: `${words.chartTitle}, ${range}`,
              description: COLUMNS.map((c) => `${words[c]}: ${months.reduce((n, m) => n + m[c], 0)}`).join(
                '; ',
              ),
              categories: months.map((m) => m.month),
              series: COLUMNS.map((c, i) => ({
                label: words[c],
                color: COLORS[i]!,
                values: months.map((m) => m[c]),
              })),
            })
          : html`<p>${words.noStatistics}</p>`
      }
      <table id="outcomes-table">
        <caption>
          ${words.chartTitle}${range ? `, ${range}` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">${words.month}</th>
            ${COLUMNS.map((c) => html`<th scope="col">${words[c]}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${months.map(
            (m) =>
              html`<tr>
                <th scope="row">${m.month}</th>
                ${COLUMNS.map((c) => html`<td>${m[c]}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>`,
  });
}
