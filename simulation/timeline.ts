// A walk as a program manager reads it: each step visit with its dates in the country's time
// zone, each message (reminders and escalations with who receives them and in which language),
// each partner event with the fields its sharing profile would carry, and the case's end.
import { ownValue } from '../definitions/own';
import type { Recipient, ResolvedDefinition, Step } from '../definitions/schema';
import {
  TASK_MESSAGE_KINDS,
  type Language,
  type MessageKind,
  type Priority,
} from '../definitions/vocabulary';
import type { NotificationRequest, PartnerUpdate } from '../contract/activities';
import type { StepVisitRecord } from '../contract/projection';
import { sharedFacts, sharedPersonal, CASE_UPDATES_PURPOSE } from '../contract/partner-sharing';
import type { Walk } from './walk';
import { localIso } from './local-time';
import { planSimulation, type SimulatedPartner, type SimulationPlan, type SimulationRequest } from './plan';
import { walkCase } from './walk';

/** Messages that remind or escalate (the rest announce). */
export const REMINDER_KINDS: readonly MessageKind[] = [
  'reminder_before_due',
  'due_today',
  'overdue',
  'escalation',
];

/** One visit of a step. */
export interface SimulatedVisit {
  visit: number;
  step: string;
  title: string;
  kind: Step['kind'];
  owner: string | null;
  enteredAt: string;
  dueAt: string | null;
  leftAt: string | null;
  outcome: string | null;
  /** Who or what left the step: a person (the owner role), an event, a timeout, a timer; null for the end. */
  leftBy: string | null;
}

/** One message the case owes (an email per resolved recipient in a real run). */
export interface SimulatedMessage {
  at: string;
  visit: number;
  step: string;
  kind: MessageKind;
  reminder: boolean;
  /** The reminder rule and occurrence, for reminders. */
  rule: string | null;
  occurrence: number | null;
  /** Who receives it: a role (task messages go to whoever holds the step's owner role), the assignee, or partners. */
  role: string;
  language: Language;
  /** The step's title in that language (the definition's own when it has no translation). */
  title: string;
}

/** One partner event, as one partner receives it. */
export interface SimulatedPartnerEvent {
  at: string;
  /** The step visit the case was on (or entered) when it happened. */
  visit: number;
  sequence: number;
  partner: string;
  event: PartnerUpdate['event'];
  status: string;
  step: string | null;
  /** The case facts the profile lists (program, country, priority). */
  facts: Record<string, string>;
  /** The personal fields it would carry (profile ∩ consent; webhooks only). */
  personalFields: string[];
}

/** The simulated case from start to end. */
export interface Timeline {
  definitionId: string;
  version: number | null;
  timeZone: string;
  priority: Priority;
  language: Language;
  start: string;
  visits: SimulatedVisit[];
  messages: SimulatedMessage[];
  partnerEvents: SimulatedPartnerEvent[];
  end: { at: string; step: string; reason: string } | null;
  /** Choices of the path the case never came to use (a step it did not reach, or not that often). */
  unusedPath: string[];
}

/** The path's choices beyond the visits the case made to their step. */
function unusedChoices(plan: SimulationPlan, visits: SimulatedVisit[]): string[] {
  const given = new Map<string, number>();
  return plan.path.flatMap((choice, index) => {
    const nth = (given.get(choice.step) ?? 0) + 1;
    given.set(choice.step, nth);
    const made = visits.filter((v) => v.step === choice.step).length;
    if (nth <= made) return [];
    const times = made === 0 ? 'never reaches it' : `reaches it ${made === 1 ? 'once' : `${made} times`}`;
    return [`path[${index}] (${choice.step}:${choice.outcome}) is not used: the case ${times}`];
  });
}

function titleIn(step: Step | undefined, language: Language, fallback: string): string {
  const translated = step?.translations ? ownValue(step.translations, language)?.title : undefined;
  return translated ?? step?.title ?? fallback;
}

/** Who a message reaches, as a role: task messages to the assignee reach whoever holds the step's owner role. */
export function recipientRole(request: NotificationRequest): string {
  const to: Recipient = request.to;
  if (to === 'assignee')
    return TASK_MESSAGE_KINDS.includes(request.kind) && request.step?.owner ? request.step.owner : 'assignee';
  return 'role' in to ? to.role : `partner:${to.partner}`;
}

function leftBy(actor: string | null, owner: string | null): string | null {
  if (actor === null) return null;
  if (actor === 'system:timer') return 'timer';
  if (actor === 'system:timeout') return 'timeout';
  if (actor.startsWith('event:')) return actor;
  return owner ?? 'person';
}

function partnerEvents(
  update: PartnerUpdate,
  partners: SimulatedPartner[],
  at: string,
  visit: number,
): SimulatedPartnerEvent[] {
  return partners.flatMap((partner, index) => {
    if (!partner.profile.events.includes(update.event)) return [];
    const consent = partner.consent ? [CASE_UPDATES_PURPOSE] : [];
    // The policy decides by field name; the simulated case has a value for every field asked for.
    const personal = partner.webhook
      ? sharedPersonal(
          partner.profile,
          consent,
          Object.fromEntries(partner.profile.fields.map((f) => [f, true])),
        )
      : {};
    const translated =
      partner.language && update.statuses ? ownValue(update.statuses, partner.language) : undefined;
    return [
      {
        at,
        visit,
        sequence: update.sequence ?? 0,
        partner: `partner-${index + 1} (${partner.role})`,
        event: update.event,
        status: translated ?? update.status,
        step: update.step ?? null,
        facts: sharedFacts(partner.profile, update.case) as Record<string, string>,
        personalFields: Object.keys(personal),
      },
    ];
  });
}

/**
 * Every visit of a walk as the projection would hold it (the last record of each visit): the
 * state keeps only the most recent visits.
 */
function visitsOf(walk: Walk): StepVisitRecord[] {
  const byVisit = new Map<number, StepVisitRecord>();
  for (const { effect } of walk.effects)
    if (effect.kind === 'record_visit') byVisit.set(effect.visit.visit, effect.visit);
  return [...byVisit.values()];
}

/** Reads a walk as a timeline. */
export function timelineOf(walk: Walk, plan: SimulationPlan, version: number | null): Timeline {
  const definition = walk.state.definition;
  const zone = definition.timeZone;
  const local = (ms: number) => localIso(ms, zone);
  const stepOf = (id: string) => definition.steps.find((s) => s.id === id);
  const visits = visitsOf(walk).map((h): SimulatedVisit => {
    const step = stepOf(h.step);
    const owner = step && 'owner' in step ? (step.owner ?? null) : null;
    return {
      visit: h.visit,
      step: h.step,
      title: titleIn(step, plan.language, h.step),
      kind: (h.kind ?? step?.kind) as Step['kind'],
      owner,
      enteredAt: local(Date.parse(h.enteredAt)),
      dueAt: h.dueAt ? local(Date.parse(h.dueAt)) : null,
      leftAt: h.leftAt && h.outcome ? local(Date.parse(h.leftAt)) : null,
      outcome: h.outcome ?? null,
      leftBy: leftBy(h.actor, owner),
    };
  });
  const messages: SimulatedMessage[] = [];
  const events: SimulatedPartnerEvent[] = [];
  let visit = 1;
  for (const { at, effect } of walk.effects) {
    if (effect.kind === 'record_visit') visit = effect.visit.visit;
    else if (effect.kind === 'notify') {
      const request = effect.request;
      const role = recipientRole(request);
      messages.push({
        at: local(at),
        visit: request.step?.visit ?? walk.state.visits,
        step: request.step?.id ?? '',
        kind: request.kind,
        reminder: REMINDER_KINDS.includes(request.kind),
        rule: request.detail?.rule ?? null,
        occurrence: request.detail?.occurrence ? Number(request.detail.occurrence) : null,
        role,
        language: role.startsWith('partner:') ? definition.language : plan.language,
        title: titleIn(
          request.step ? stepOf(request.step.id) : undefined,
          plan.language,
          request.step?.title ?? '',
        ),
      });
    } else if (effect.kind === 'partner_update') {
      events.push(...partnerEvents(effect.update, plan.partners, local(at), visit));
    }
  }
  const last = walk.state.history[walk.state.history.length - 1];
  const endStep = last ? stepOf(last.step) : undefined;
  return {
    definitionId: definition.id,
    version,
    timeZone: zone,
    priority: plan.priority,
    language: plan.language,
    start: local(plan.start),
    visits,
    messages,
    partnerEvents: events,
    end:
      last && endStep?.kind === 'end'
        ? { at: local(Date.parse(last.enteredAt)), step: last.step, reason: endStep.reason }
        : null,
    unusedPath: unusedChoices(plan, visits),
  };
}

/** Simulates a case through a resolved definition: checks the request, walks it, returns the timeline. */
export function simulate(
  definition: ResolvedDefinition,
  request: SimulationRequest,
  version: number | null = null,
): Timeline {
  const plan = planSimulation(definition, request);
  return timelineOf(walkCase(definition, version ?? 0, plan), plan, version);
}
