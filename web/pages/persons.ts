// A step done once for each person of a relationship (e.g. a best-interest determination for
// each child): whom it concerns, which of them are done, and the choice of whom a completion is
// for. Names show only to the roles that may read personal data; the others see person ids.
import type { CaseDetail } from '../../api/schemas/cases';
import { html, type Html } from '../html';
import type { Speech } from '../i18n';
import type { FormState } from './step-forms';

/** One person of the current step as the page shows them. */
export interface PersonShown {
  id: string;
  /** The person's name, or their id where the reader may not see names. */
  label: string;
  done: boolean;
  outcome?: string;
  actor?: string;
}

/** The current step's persons with the labels the reader may see. */
export function personsShown(
  persons: NonNullable<CaseDetail['persons']>,
  names: ReadonlyMap<string, string>,
): PersonShown[] {
  return persons.map((p) => ({
    id: p.person,
    label: names.get(p.person) ?? p.person,
    done: p.done,
    ...(p.outcome ? { outcome: p.outcome } : {}),
    ...(p.actor ? { actor: p.actor } : {}),
  }));
}

/** Whom the current step concerns and where each stands. */
export function personsSection(speech: Speech, persons: PersonShown[]): Html {
  const { words } = speech;
  return html`<section class="panel" aria-labelledby="persons-heading">
    <h2 id="persons-heading">${words.personsHeading}</h2>
    <ul class="persons">
      ${persons.map(
        (p) =>
          html`<li>
            <span class="person">${p.label}</span>
            —
            ${
              p.done
                ? html`${(p.outcome ?? '').replace(/_/g, ' ')}${p.actor ? html` (${words.by} ${p.actor})` : ''}`
                : html`<span class="muted">${words.personToDo}</span>`
            }
          </li>`,
      )}
    </ul>
  </section>`;
}

/** The choice of whom a completion is for: the persons not yet done (the only one chosen already). */
export function personChoice(speech: Speech, persons: PersonShown[], form: FormState | undefined): Html {
  const { words } = speech;
  const pending = persons.filter((p) => !p.done);
  const chosen = form?.values.person ?? (pending.length === 1 ? pending[0]!.id : '');
  const message = form?.errors.person;
  const invalid = message ? html` aria-invalid="true" aria-describedby="person-error"` : '';
  return html`<div class="field">
    <label for="person">${words.personFor} *</label>
    <select id="person" name="person" aria-required="true" ${invalid}>
      <option value="">${words.choose}</option>
      ${pending.map(
        (p) => html`<option value="${p.id}" ${p.id === chosen ? html` selected` : ''}>${p.label}</option>`,
      )}
    </select>
    ${message ? html`<p class="error" id="person-error">${message}</p>` : ''}
  </div>`;
}
