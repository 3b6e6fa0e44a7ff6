// The simulated timeline of a draft on the draft page: the form (priority, an optional path and
// start) and the timeline the API's simulator answers, as tables. Times are the country's local
// times, as the simulator writes them.
import type { z } from '../../api/schemas/common';
import type { SimulationResult } from '../../api/schemas/simulation';
import { PRIORITIES } from '../../definitions/vocabulary';
import { html, type Html } from '../html';
import { fill } from '../i18n/catalog';
import type { Speech } from '../i18n';
import type { FormState } from './step-forms';

export type Timeline = z.infer<typeof SimulationResult>;

/** A local time as the simulator writes it (2027-01-04T09:00:00+03:00), short. */
const local = (at: string | null) =>
  at ? html`<time datetime="${at}">${at.slice(0, 16).replace('T', ' ')}</time>` : '—';

const errorOf = (form: FormState, name: string) => {
  const error = form.errors[name];
  return {
    aria: error
      ? html` aria-invalid="true" aria-describedby="simulate-${name}-hint simulate-${name}-error"`
      : html` aria-describedby="simulate-${name}-hint"`,
    text: error ? html`<p class="error" id="simulate-${name}-error">${error}</p>` : '',
  };
};

/** The simulation form: the draft travels with it, unchanged, in a hidden field. */
export function simulationForm(speech: Speech, csrf: string, yaml: string, form: FormState): Html {
  const { words } = speech;
  const path = errorOf(form, 'path');
  const start = errorOf(form, 'start');
  const priority = form.values.priority ?? 'normal';
  return html`<section class="panel" aria-labelledby="simulate-heading">
    <h2 id="simulate-heading">${words.simulation}</h2>
    <p>${words.simulateIntro}</p>
    ${form.errors[''] ? html`<p class="alert" role="alert" id="simulate-form-error">${form.errors['']}</p>` : ''}
    <form method="post" action="/app/definitions/simulate" enctype="multipart/form-data" novalidate>
      <input type="hidden" name="_csrf" value="${csrf}" />
      <input type="hidden" name="yaml" value="${yaml}" />
      <div class="field">
        <label for="simulate-priority">${speech.common('priorityLabel')}</label>
        <select id="simulate-priority" name="priority">
          ${PRIORITIES.map(
            (p) =>
              html`<option value="${p}" ${p === priority ? ' selected' : ''}>${speech.priority(p)}</option>`,
          )}
        </select>
      </div>
      <div class="field">
        <label for="simulate-path">${words.simulationPath}</label>
        <p class="hint" id="simulate-path-hint">${words.simulationPathHint}</p>
        <textarea
          id="simulate-path"
          name="path"
          rows="4"
          dir="ltr"
          spellcheck="false"
          class="code"
          ${path.aria}
        >
${form.values.path ?? ''}</textarea>
        ${path.text}
      </div>
      <div class="field">
        <label for="simulate-start">${words.simulationStart}</label>
        <p class="hint" id="simulate-start-hint">${words.simulationStartHint}</p>
        <input
          type="datetime-local"
          id="simulate-start"
          name="start"
          value="${form.values.start ?? ''}"
          ${start.aria}
        />
        ${start.text}
      </div>
      <button type="submit">${words.simulate}</button>
    </form>
  </section>`;
}

const table = (id: string, caption: string, heads: string[], rows: Html[]) =>
  html`<table id="${id}">
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        ${heads.map((h) => html`<th scope="col">${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;

/** The timeline as tables: the steps visited, the messages sent, the partner events. */
export function timelineTables(speech: Speech, timeline: Timeline): Html {
  const { words } = speech;
  const step = speech.common('stepLabel');
  const end = timeline.end;
  return html`<section aria-labelledby="timeline-heading" id="simulated-timeline">
    <h2 id="timeline-heading">${words.simulation}: <code>${timeline.definitionId}</code></h2>
    <p>${speech.priority(timeline.priority)} · ${timeline.timeZone} · ${local(timeline.start)}</p>
    ${table(
      'simulated-steps',
      words.stepsVisited,
      [step, words.kind, words.role, words.entered, speech.common('dueLabel'), words.left, words.outcome],
      timeline.visits.map(
        (v) =>
          html`<tr>
            <td>${v.title} <code>${v.step}</code></td>
            <td>${v.kind}</td>
            <td>${v.owner ?? '—'}</td>
            <td>${local(v.enteredAt)}</td>
            <td>${local(v.dueAt)}</td>
            <td>${local(v.leftAt)}</td>
            <td>${v.outcome ?? '—'}</td>
          </tr>`,
      ),
    )}
    ${table(
      'simulated-messages',
      words.messages,
      [words.when, step, words.kind, words.role, words.language, words.name],
      timeline.messages.map(
        (m) =>
          html`<tr>
            <td>${local(m.at)}</td>
            <td><code>${m.step}</code></td>
            <td>${m.kind}${m.reminder ? html` (${words.reminderYes})` : ''}</td>
            <td>${m.role}</td>
            <td>${m.language}</td>
            <td>${m.title}</td>
          </tr>`,
      ),
    )}
    ${table(
      'simulated-partner-events',
      words.partnerEvents,
      [words.when, words.partner, words.event, step, words.status],
      timeline.partnerEvents.map(
        (e) =>
          html`<tr>
            <td>${local(e.at)}</td>
            <td>${e.partner}</td>
            <td>${e.event}</td>
            <td>${e.step ? html`<code>${e.step}</code>` : '—'}</td>
            <td>${e.status}</td>
          </tr>`,
      ),
    )}
    <p id="simulated-end">
      ${
        end
          ? html`${fill(words.simulationEnd, { step: end.step, at: end.at.slice(0, 16).replace('T', ' '), reason: end.reason })}`
          : words.simulationNoEnd
      }
    </p>
    ${
      timeline.unusedPath.length
        ? html`<p class="alert">${fill(words.unusedPath, { choices: timeline.unusedPath.join(', ') })}</p>`
        : ''
    }
  </section>`;
}
