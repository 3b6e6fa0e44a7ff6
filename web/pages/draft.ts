// Validating a draft definition or overlay, pasted or uploaded: every problem with its path,
// then the warnings. Nothing is published.
import { html } from '../html';
import { fill } from '../i18n/catalog';
import type { Speech } from '../i18n';
import { page } from '../layout';
import type { SignedIn } from '../session';
import { formAlert } from './fields';
import { simulationForm, timelineTables, type Timeline } from './simulation';
import type { FormState } from './step-forms';

export interface DraftReport {
  ok: boolean;
  definitionId: string | null;
  problems: { path: string; message: string }[];
  warnings: { path: string; message: string }[];
}

const problemTable = (speech: Speech, id: string, rows: DraftReport['problems']) =>
  html`<table id="${id}">
    <thead>
      <tr>
        <th scope="col">${speech.words.where}</th>
        <th scope="col">${speech.words.problem}</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (p) =>
          html`<tr>
            <td dir="ltr"><code>${p.path || '/'}</code></td>
            <td dir="ltr">${p.message}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;

/** A simulation of the draft: its form as typed, and the timeline when it ran. */
export interface DraftSimulation {
  form: FormState;
  timeline?: Timeline;
}

/** The draft page: the form, the report of the last draft, and once it is valid, its simulation. */
export function draftPage(
  speech: Speech,
  signedIn: SignedIn,
  form: FormState = { values: {}, errors: {} },
  report?: DraftReport,
  simulation?: DraftSimulation,
): string {
  const { words } = speech;
  const error = form.errors.yaml;
  const simulable = report?.ok || simulation;
  return page({
    speech,
    signedIn,
    path: '/app/definitions/validate',
    title: words.validateDraft,
    body: html`<h1>${words.validateDraft}</h1>
      <p><a href="/app/definitions">${words.definitions}</a></p>
      ${
        report?.ok
          ? html`<p class="notice" role="status" id="draft-valid">
              ${fill(words.draftValid, { id: report.definitionId ?? '' })}
            </p>`
          : ''
      }
      ${
        report && !report.ok
          ? html`<section aria-labelledby="draft-problems">
              <p class="alert" role="alert" id="draft-problems">
                ${fill(words.draftProblems, { count: String(report.problems.length) })}
              </p>
              ${problemTable(speech, 'problems-table', report.problems)}
            </section>`
          : ''
      }
      ${
        report?.warnings.length
          ? html`<h2>${words.warnings}</h2>
              ${problemTable(speech, 'warnings-table', report.warnings)}`
          : ''
      }
      ${
        simulable
          ? simulationForm(
              speech,
              signedIn.csrfToken,
              form.values.yaml ?? '',
              simulation?.form ?? { values: {}, errors: {} },
            )
          : ''
      }
      ${simulation?.timeline ? timelineTables(speech, simulation.timeline) : ''}
      <section class="panel">
        <p>${words.validateIntro}</p>
        ${formAlert(form, 'draft-form')}
        <form method="post" action="/app/definitions/validate" enctype="multipart/form-data" novalidate>
          <input type="hidden" name="_csrf" value="${signedIn.csrfToken}" />
          <div class="field">
            <label for="draft-yaml">${words.draftText}</label>
            <textarea
              id="draft-yaml"
              name="yaml"
              rows="16"
              dir="ltr"
              spellcheck="false"
              class="code"
              ${error ? html` aria-invalid="true" aria-describedby="draft-yaml-error"` : ''}
            >
${form.values.yaml ?? ''}</textarea>
            ${error ? html`<p class="error" id="draft-yaml-error">${error}</p>` : ''}
          </div>
          <div class="field">
            <label for="draft-file">${words.draftFile}</label>
            <input
              type="file"
              id="draft-file"
              name="file"
              accept=".yaml,.yml,.json,application/json,text/yaml"
            />
          </div>
          <button type="submit">${words.validate}</button>
        </form>
      </section>`,
  });
}
