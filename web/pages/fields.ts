// Labelled form controls for the management pages (staff, partners, keys, drafts): each with its
// hint and its error beside it, announced to screen readers through aria-describedby.
import { html, type Html } from '../html';
import type { FormState } from './step-forms';

export interface ControlSpec {
  /** The form field's name; its id is `${form}-${name}`. */
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  type?: 'text' | 'email' | 'url';
  maxLength?: number;
}

const describedBy = (id: string, hint: boolean, error: boolean) => {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
};

/** A form-wide refusal (conflict, unknown partner…), above the form. */
export function formAlert(form: FormState | undefined, id: string): Html {
  const message = form?.errors[''];
  return message ? html`<p class="alert" role="alert" id="${id}-error">${message}</p>` : html``;
}

function parts(formId: string, spec: ControlSpec, form: FormState | undefined) {
  const id = `${formId}-${spec.name}`;
  const error = form?.errors[spec.name];
  return {
    id,
    label: html`<label for="${id}">${spec.label}${spec.required ? ' *' : ''}</label>`,
    hint: spec.hint ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : '',
    error: error ? html`<p class="error" id="${id}-error">${error}</p>` : '',
    aria: html`${spec.required ? html` aria-required="true"` : ''}${error ? html` aria-invalid="true"` : ''}${describedBy(id, !!spec.hint, !!error)}`,
  };
}

/** A one-line text input. */
export function textControl(formId: string, spec: ControlSpec, form: FormState | undefined): Html {
  const p = parts(formId, spec, form);
  return html`<div class="field">
    ${p.label}${p.hint}<input
      type="${spec.type ?? 'text'}"
      id="${p.id}"
      name="${spec.name}"
      maxlength="${spec.maxLength ?? 200}"
      value="${form?.values[spec.name] ?? ''}"
      autocomplete="off"
      ${p.aria}
    />${p.error}
  </div>`;
}

/** A choice among values (an empty first option when `empty` is given). */
export function selectControl(
  formId: string,
  spec: ControlSpec,
  form: FormState | undefined,
  values: readonly string[],
  empty?: string,
): Html {
  const p = parts(formId, spec, form);
  const chosen = form?.values[spec.name] ?? '';
  return html`<div class="field">
    ${p.label}${p.hint}<select id="${p.id}" name="${spec.name}" ${p.aria}>
      ${empty !== undefined ? html`<option value="">${empty}</option>` : ''}
      ${values.map((v) => html`<option value="${v}" ${v === chosen ? html` selected` : ''}>${v}</option>`)}</select
    >${p.error}
  </div>`;
}

/** Check boxes sharing one name (a fieldset with a legend). */
export function checkboxesControl(
  formId: string,
  spec: ControlSpec,
  form: FormState | undefined,
  values: readonly string[],
): Html {
  const id = `${formId}-${spec.name}`;
  const chosen = (form?.values[spec.name] ?? '').split(',');
  return html`<fieldset class="field">
    <legend>${spec.label}</legend>
    ${values.map(
      (v) =>
        html`<div>
          <input
            type="checkbox"
            id="${id}-${v}"
            name="${spec.name}"
            value="${v}"
            ${chosen.includes(v) ? html` checked` : ''}
          />
          <label for="${id}-${v}">${v.replace(/_/g, ' ')}</label>
        </div>`,
    )}
  </fieldset>`;
}

/** The secret a creation answered with, shown once, ready to copy. */
export function secretOnce(label: string, secret: string, id: string): Html {
  return html`<section class="panel secret" aria-labelledby="${id}-label">
    <p class="notice" role="status" id="${id}-label">${label}</p>
    <p><code id="${id}" dir="ltr">${secret}</code></p>
  </section>`;
}
