// The case page: where the case stands (current step, due date in the country's time zone),
// what happened so far, the partners informed, and the forms that move it.
import type { ResolvedDefinition } from '../../definitions/schema';
import type { CaseDetail } from '../../api/schemas/cases';
import { html, type Html } from '../html';
import type { Speech } from '../i18n';
import { page } from '../layout';
import type { SignedIn } from '../session';
import { stepOf, stepTitle } from '../definitions';
import { familySection, type FamilyShown } from './family';
import { completeForm, eventForm, type FormState } from './step-forms';
import { personsSection, type PersonShown } from './persons';

export type { FormState };

export interface CasePageInput {
  speech: Speech;
  signedIn: SignedIn;
  detail: CaseDetail;
  definition: ResolvedDefinition | undefined;
  /** Whether the person holds the current step's owner role (else no completion form). */
  mayComplete: boolean;
  form?: FormState;
  /** Whether the person's role may record an external event (the API's: case handlers). */
  mayRecordEvent: boolean;
  /** The event form as typed, with its errors. */
  eventForm?: FormState;
  notice?: string;
  /** A refused action whose form is no longer on the page, shown at the top. */
  refusal?: string;
  /** Whether the person may reassign and close (the API's supervisor roles). */
  maySupervise: boolean;
  /** A refused supervisor action, shown above its forms. */
  superviseError?: string;
  /** Active staff of the case's country, offered as new assignees (supervisors only). */
  colleagues?: string[];
  /** Why the hold form was refused, beside its reason field. */
  holdError?: string;
  /** The case's family group as this person may see it (when the case is in one). */
  family?: FamilyShown;
  /** On a step done for each person of a relationship: whom it concerns, as the reader may see them. */
  persons?: PersonShown[];
  /** Each person's completion of a step done for each person, as the reader may see the person. */
  personCompletions?: PersonCompletion[];
}

/** One person's completion of a per-person step (the `person_completed` events of the case). */
export interface PersonCompletion {
  at: string;
  step: string;
  /** The person's name, or their id where the reader may not see names. */
  person: string;
  outcome: string;
  actor?: string;
}

function holdForms(speech: Speech, detail: CaseDetail, csrf: string, error?: string): Html {
  const { words } = speech;
  const action = (verb: string) => `/app/cases/${encodeURIComponent(detail.id)}/${verb}`;
  if (detail.status === 'on_hold') {
    return html`<section class="panel">
      <form method="post" action="${action('resume')}">
        <input type="hidden" name="_csrf" value="${csrf}" /><button type="submit">${words.resume}</button>
      </form>
    </section>`;
  }
  if (detail.status !== 'open') return html``;
  return html`<section class="panel" aria-labelledby="hold-heading">
    <h2 id="hold-heading">${words.hold}</h2>
    <form method="post" action="${action('hold')}">
      <input type="hidden" name="_csrf" value="${csrf}" />
      <div class="field">
        <label for="hold-reason">${words.holdReason}</label
        ><input
          type="text"
          id="hold-reason"
          name="reason"
          maxlength="500"
          aria-required="true"
          ${error ? html` aria-invalid="true" aria-describedby="hold-reason-error"` : ''}
        />${error ? html`<p class="error" id="hold-reason-error">${error}</p>` : ''}
      </div>
      <button type="submit" class="secondary">${words.putOnHold}</button>
    </form>
  </section>`;
}

function superviseForms(
  speech: Speech,
  detail: CaseDetail,
  definition: ResolvedDefinition | undefined,
  csrf: string,
  colleagues: string[],
  error?: string,
): Html {
  const { words } = speech;
  if (detail.status === 'closed') return html``;
  const action = (verb: string) => `/app/cases/${encodeURIComponent(detail.id)}/${verb}`;
  const reasons = definition?.closureReasons ?? [];
  return html`<section class="panel" aria-labelledby="supervise-heading">
    <h2 id="supervise-heading">${words.supervise}</h2>
    ${error ? html`<p class="alert" role="alert" id="supervise-error">${error}</p>` : ''}
    <form method="post" action="${action('reassign')}">
      <input type="hidden" name="_csrf" value="${csrf}" />
      <div class="field">
        <label for="assignee">${words.newAssignee}</label
        ><input
          type="email"
          id="assignee"
          name="assignee"
          maxlength="200"
          autocomplete="off"
          list="assignee-choices"
        />
        <datalist id="assignee-choices">
          ${colleagues.map((email) => html`<option value="${email}"></option>`)}
        </datalist>
      </div>
      <button type="submit" class="secondary">${words.reassign}</button>
    </form>
    <form method="post" action="${action('close')}">
      <input type="hidden" name="_csrf" value="${csrf}" />
      <div class="field">
        <label for="close-reason">${words.closeReason}</label>
        <select id="close-reason" name="reason">
          ${reasons.map((r) => html`<option value="${r}">${r.replace(/_/g, ' ')}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="close-comment">${words.comment}</label
        ><textarea id="close-comment" name="comment" rows="2" maxlength="2000"></textarea>
      </div>
      <button type="submit" class="secondary">${words.closeCase}</button>
    </form>
  </section>`;
}

function timeline(
  speech: Speech,
  detail: CaseDetail,
  definition: ResolvedDefinition | undefined,
  timeZone: string,
  personCompletions: PersonCompletion[],
): Html {
  const { words } = speech;
  const entries: { at: string; text: Html }[] = [
    ...personCompletions.map((c) => ({
      at: c.at,
      text: html`<strong>${stepTitle(definition, c.step, speech.language)}</strong> — ${c.person}:
        ${c.outcome.replace(/_/g, ' ')}${c.actor ? html` (${words.by} ${c.actor})` : ''}`,
    })),
    ...detail.history.map((h) => ({
      at: h.enteredAt,
      text: html`<strong>${stepTitle(definition, h.step, speech.language)}</strong> — ${words.entered}
        ${h.leftAt ? html`; ${words.left} <time datetime="${h.leftAt}">${speech.date(h.leftAt, timeZone)}</time>` : ''}
        ${h.outcome ? html` → ${h.outcome}` : ''}${h.actor ? html` (${words.by} ${h.actor})` : ''}`,
    })),
    ...detail.deliveries.map((d) => ({
      at: d.at,
      text:
        d.channel === 'email'
          ? html`${words.reminder}: ${d.kind} → ${d.to} <span class="muted">(${d.status})</span>`
          : html`${words.partnerUpdate}: ${d.kind} → ${d.to} <span class="muted">(${d.status})</span>`,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return html`<ol class="timeline">
    ${entries.map((e) => html`<li><time datetime="${e.at}">${speech.date(e.at, timeZone)}</time> · ${e.text}</li>`)}
  </ol>`;
}

function partnersInformed(speech: Speech, detail: CaseDetail): Html {
  if (detail.partners.length === 0) return html`<p>${speech.words.noPartners}</p>`;
  return html`<ul>
    ${detail.partners.map((p) => {
      const sent = detail.deliveries.filter(
        (d) => d.channel === 'partner' && d.to === p.partnerId && d.status === 'sent',
      ).length;
      return html`<li>${p.partnerId} (${p.role}) — ${sent} ✓</li>`;
    })}
  </ul>`;
}

/** The whole case page. */
export function casePage(input: CasePageInput): string {
  const { speech, signedIn, detail, definition, form, notice } = input;
  const { words } = speech;
  const timeZone = definition?.timeZone ?? 'UTC';
  const step = stepOf(definition, detail.currentStep);
  const statusWord =
    detail.status === 'on_hold'
      ? words.onHold
      : detail.status === 'closed'
        ? words.closed
        : detail.family?.waitingFor
          ? words.waitingForFamily
          : words.open;
  // A case waiting for its family moves with the family, not by hand (the API refuses: 409).
  const completable =
    detail.status === 'open' &&
    !detail.family?.waitingFor &&
    input.mayComplete &&
    (step?.kind === 'task' || step?.kind === 'approval');
  const awaitsEvent = detail.status !== 'closed' && input.mayRecordEvent && step?.kind === 'wait';
  const applicant = detail.applicant
    ? `${detail.applicant.givenName} ${detail.applicant.familyName}`
    : undefined;
  return page({
    speech,
    signedIn,
    path: `/app/cases/${detail.id}`,
    title: words.caseTitle.replace('{reference}', detail.reference),
    body: html`<h1>${words.caseTitle.replace('{reference}', detail.reference)}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${input.refusal ? html`<p class="alert" role="alert" id="action-error">${input.refusal}</p>` : ''}
<dl class="facts">
  <dt>${words.currentStep}</dt><dd id="current-step">${stepTitle(definition, detail.currentStep, speech.language)}</dd>
  <dt>${speech.common('dueLabel')}</dt><dd${detail.overdue ? html` class="overdue"` : ''}>${speech.date(detail.dueAt, timeZone)}${detail.overdue ? html` <span class="badge">${words.overdue}</span>` : ''}</dd>
  <dt>${words.status}</dt><dd>${statusWord}${detail.holdReason ? html` — ${detail.holdReason}` : ''}</dd>
  <dt>${speech.common('priorityLabel')}</dt><dd>${speech.priority(detail.priority)}</dd>
  <dt>${words.assignee}</dt><dd>${detail.assignee}</dd>
  <dt>${words.country} · ${words.program}</dt><dd>${detail.country} · ${detail.program}</dd>
  ${
    applicant
      ? html`<dt>${words.applicant}</dt>
          <dd>${applicant}</dd>`
      : ''
  }
</dl>
${familySection(speech, detail, input.family, timeZone)}
${input.persons ? personsSection(speech, input.persons) : ''}
${completable && step ? completeForm(speech, detail.id, signedIn.csrfToken, step, form, input.persons) : ''}
${awaitsEvent && step?.kind === 'wait' ? eventForm(speech, detail.id, signedIn.csrfToken, step, input.eventForm) : ''}
${holdForms(speech, detail, signedIn.csrfToken, input.holdError)}
${input.maySupervise ? superviseForms(speech, detail, definition, signedIn.csrfToken, input.colleagues ?? [], input.superviseError) : ''}
<h2>${words.timeline}</h2>
${timeline(speech, detail, definition, timeZone, input.personCompletions ?? [])}
<h2>${words.partnersInformed}</h2>
${partnersInformed(speech, detail)}`,
  });
}
