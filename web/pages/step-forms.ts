// The forms built from a step of the definition: completing a task or approval, and recording
// the external event a wait step awaits. Each control sits with its label and its error.
import type { Field, Step } from '../../definitions/schema';
import { outcomesOf } from '../../definitions/registry';
import { html, type Html } from '../html';
import type { Speech } from '../i18n';
import { personChoice, type PersonShown } from './persons';

/** What the person typed and what was wrong with it, to show the form again. */
export interface FormState {
  values: Record<string, string>;
  /** Field name (or 'outcome', or '' for the whole form) → message. */
  errors: Record<string, string>;
}

function errorOf(form: FormState | undefined, name: string, id: string): Html {
  const message = form?.errors[name];
  return message ? html`<p class="error" id="${id}-error">${message}</p>` : html``;
}

/** One field of a step; `prefix` keeps the ids of two forms on one page apart. */
function fieldInput(speech: Speech, field: Field, form: FormState | undefined, prefix = 'field'): Html {
  const id = `${prefix}-${field.name}`;
  const name = `field:${field.name}`;
  const value = form?.values[name] ?? '';
  const invalid = form?.errors[field.name] ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
  // Required is announced, not enforced by the browser: the case's own rules decide (one validator).
  const required = field.required ? html` aria-required="true"` : '';
  const label = html`<label for="${id}">${field.label ?? field.name}${field.required ? ' *' : ''}</label>`;
  let control: Html;
  switch (field.type) {
    case 'enum':
      control = html`<select id="${id}" name="${name}" ${required}${invalid}>
        <option value="">${speech.words.choose}</option>
        ${(field.values ?? []).map(
          (v) =>
            html`<option value="${v}" ${v === value ? html` selected` : ''}>${v.replace(/_/g, ' ')}</option>`,
        )}
      </select>`;
      break;
    case 'boolean':
      control = html`<input
        type="checkbox"
        id="${id}"
        name="${name}"
        value="true"
        ${value === 'true' ? html` checked` : ''}${invalid}
      />`;
      break;
    case 'text':
      control = html`<textarea id="${id}" name="${name}" rows="3" ${required}${invalid}>${value}</textarea>`;
      break;
    case 'number':
      control = html`<input
        type="number"
        step="any"
        id="${id}"
        name="${name}"
        value="${value}"
        ${required}${invalid}
      />`;
      break;
    case 'date':
      control = html`<input type="date" id="${id}" name="${name}" value="${value}" ${required}${invalid} />`;
      break;
    case 'string':
      control = html`<input type="text" id="${id}" name="${name}" value="${value}" ${required}${invalid} />`;
      break;
  }
  return html`<div class="field">${label}${control}${errorOf(form, field.name, id)}</div>`;
}

function outcomeChoice(speech: Speech, step: Step, form: FormState | undefined, prefix: string): Html {
  const chosen = form?.values.outcome ?? '';
  const id = `${prefix}outcome`;
  const invalid = form?.errors.outcome ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
  return html`<fieldset class="field" ${invalid}>
    <legend>${speech.words.outcome} *</legend>
    ${Object.keys(outcomesOf(step)).map(
      (o) =>
        html`<div>
          <input
            type="radio"
            id="${id}-${o}"
            name="outcome"
            value="${o}"
            ${o === chosen ? html` checked` : ''}
          />
          <label for="${id}-${o}">${o.replace(/_/g, ' ')}</label>
        </div>`,
    )}
    ${errorOf(form, 'outcome', id)}
  </fieldset>`;
}

/** The form that completes a task or approval step (for one of `persons`, on a per-person step). */
export function completeForm(
  speech: Speech,
  caseId: string,
  csrf: string,
  step: Step,
  form: FormState | undefined,
  persons?: PersonShown[],
): Html {
  const { words } = speech;
  const fields = 'fields' in step ? step.fields : [];
  return html`<section class="panel" aria-labelledby="act-heading">
    <h2 id="act-heading">${words.act}</h2>
    ${form?.errors[''] ? html`<p class="alert" role="alert" id="form-error">${form.errors['']}</p>` : ''}
    <form method="post" action="/app/cases/${encodeURIComponent(caseId)}/complete" novalidate>
      <input type="hidden" name="_csrf" value="${csrf}" />
      <input type="hidden" name="step" value="${step.id}" />
      ${persons ? personChoice(speech, persons, form) : ''} ${fields.map((f) => fieldInput(speech, f, form))}
      ${outcomeChoice(speech, step, form, '')}
      <div class="field">
        <label for="comment">${words.comment}</label
        ><textarea id="comment" name="comment" rows="2">${form?.values.comment ?? ''}</textarea>
      </div>
      <button type="submit">${words.complete}</button>
    </form>
  </section>`;
}

/** The form that records the external event a wait step awaits (e.g. the State's decision). */
export function eventForm(
  speech: Speech,
  caseId: string,
  csrf: string,
  step: Step & { kind: 'wait' },
  form: FormState | undefined,
): Html {
  const { words } = speech;
  const invalid = form?.errors.eventId ? html` aria-invalid="true" aria-describedby="event-id-error"` : '';
  return html`<section class="panel" aria-labelledby="event-heading">
    <h2 id="event-heading">${words.recordEvent}</h2>
    <p>${words.recordEventIntro.replace('{event}', step.event.replace(/_/g, ' '))}</p>
    ${form?.errors[''] ? html`<p class="alert" role="alert" id="event-form-error">${form.errors['']}</p>` : ''}
    <form method="post" action="/app/cases/${encodeURIComponent(caseId)}/event" novalidate>
      <input type="hidden" name="_csrf" value="${csrf}" />
      ${outcomeChoice(speech, step, form, 'event-')}
      ${step.fields.map((f) => fieldInput(speech, f, form, 'event-field'))}
      <div class="field">
        <label for="event-id">${words.eventReference} *</label>
        <p class="hint" id="event-id-hint">${words.eventReferenceHint}</p>
        <input
          type="text"
          id="event-id"
          name="eventId"
          maxlength="200"
          aria-required="true"
          value="${form?.values.eventId ?? ''}"
          ${invalid}
        />
        ${errorOf(form, 'eventId', 'event-id')}
      </div>
      <button type="submit">${words.recordEventButton}</button>
    </form>
  </section>`;
}
