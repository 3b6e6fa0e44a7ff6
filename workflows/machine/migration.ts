// Moving a running case to another version of its definition. One pure function decides
// where the case lands (or why it cannot move); the dry run (a query), the update's validator
// and its handler all call it, so a preview and a move never disagree.
//
// A move keeps the visit (its number, entry time, hold time and the reminders already
// handled, by rule id), so nothing already sent is sent again; it enters no step, so no
// "step entered" email and no partner update are repeated. Reminders whose new time has passed
// are sent on the case's next tick, the way a dry run lists them.
import { ownValue } from '../../definitions/own';
import type { ResolvedDefinition, Step } from '../../definitions/schema';
import type { MoveCaseInput, MovePreview, UnmovableReason } from '../../contract/migration';
import { baseDueAt, effectiveDueAt, owedReminders, reminderRules, entryAnchor } from './deadlines';
import { businessKey, recordEvent, snapshotEffects, visitRecord } from './effect-builders';
import type { RuleViolation } from './rules';
import { copyState } from './steps';
import { currentStep, iso, stepById, type CaseState, type Transition, type VisitState } from './state';

/** Where a case lands: the target step and the visit as it will be. */
interface Landing {
  step: Step;
  visit: VisitState;
}

type Refusal = { reason: UnmovableReason; message: string };

function refusal(reason: UnmovableReason, message: string): Refusal {
  return { reason, message };
}

/** The step the plan sends the current step to: the mapping, else the same id. */
function targetStepId(from: string, input: MoveCaseInput): string {
  return ownValue(input.plan.steps, from) ?? from;
}

function findStep(definition: ResolvedDefinition, id: string): Step | undefined {
  return definition.steps.find((step) => step.id === id);
}

/** Why the case cannot move now, or undefined; `already_moved` when this move has been made. */
function refusalOf(state: CaseState, input: MoveCaseInput): Refusal | undefined {
  const { plan, definition } = input;
  const to = `${plan.definitionId} v${plan.to}`;
  if (state.definition.id === plan.definitionId && state.definitionVersion === plan.to)
    return refusal('already_moved', `the case is already on ${to}`);
  if (
    state.definition.id !== plan.definitionId ||
    state.definitionVersion !== plan.from ||
    definition.id !== plan.definitionId
  )
    return refusal(
      'not_on_plan_version',
      `the case is on ${state.definition.id} v${state.definitionVersion}, not ${plan.definitionId} v${plan.from}`,
    );
  const step = currentStep(state);
  if (state.status === 'closed' || !step) return refusal('closed', 'the case is closed');
  const targetId = targetStepId(step.id, input);
  const target = findStep(definition, targetId);
  if (!target)
    return targetId === step.id
      ? refusal('step_removed', `its step "${step.id}" is not in ${to} and the plan maps it to no step`)
      : refusal(
          'mapped_to_missing_step',
          `the plan maps "${step.id}" to "${targetId}", which is not a step of ${to}`,
        );
  if (target.kind !== step.kind)
    return refusal(
      'step_kind_changed',
      `"${step.id}" is a ${step.kind} step and "${target.id}" in ${to} is a ${target.kind} step`,
    );
  if (step.kind === 'approval' && !definition.roles.includes(step.owner))
    return refusal(
      'approver_role_removed',
      `the approval "${step.id}" waits for a ${step.owner}, a role ${to} no longer has`,
    );
  if (step.kind === 'wait' && target.kind === 'wait' && target.event !== step.event)
    return refusal(
      'wait_event_changed',
      `the case waits for the event "${step.event}", but "${target.id}" in ${to} waits for "${target.event}"`,
    );
  return undefined;
}

/** The visit on the target step under the plan's due-date policy. */
function landing(state: CaseState, input: MoveCaseInput, now: number): Landing {
  const visit = state.current as VisitState;
  const step = stepById(input.definition, targetStepId(visit.step, input));
  const rules = new Set(reminderRules(step).map((rule) => rule.id));
  const sent = Object.fromEntries(Object.entries(visit.sent).filter(([rule]) => rules.has(rule)));
  const moved: VisitState = { ...visit, step: step.id, sent };
  switch (input.plan.dueDates) {
    case 'keep':
      break;
    case 'from_entry':
      moved.baseDueAt = baseDueAt(step, state.priority, visit.enteredAt, input.definition);
      break;
    case 'from_now':
      moved.baseDueAt = baseDueAt(step, state.priority, now, input.definition);
      // Counts from now: a hold under way only adds the time it lasts from now on.
      moved.pausedMs =
        state.status === 'on_hold' && state.holdStartedAt !== null ? state.holdStartedAt - now : 0;
      break;
  }
  return { step, visit: moved };
}

/** The visit's deadline; `shownAt` adds a hold still under way (as the case view shows it). */
function dueOf(visit: VisitState, state?: CaseState, shownAt?: number): string | null {
  const due = effectiveDueAt(visit);
  if (due === null) return null;
  const held = state?.status === 'on_hold' && state.holdStartedAt !== null && shownAt !== undefined;
  return iso(held ? due + shownAt - (state.holdStartedAt as number) : due);
}

/** What moving the case would do at `now`: where it lands, its deadline and the reminders that fall due at once; or why it cannot move. */
export function previewMove(state: CaseState, input: MoveCaseInput, now: number): MovePreview {
  const refused = refusalOf(state, input);
  const fromStep = state.current?.step ?? null;
  if (refused) return { movable: false, caseId: state.caseId, fromStep, ...refused };
  const { step, visit } = landing(state, input, now);
  const owed =
    state.status === 'open'
      ? owedReminders(
          reminderRules(step),
          visit,
          input.definition,
          now,
          entryAnchor(step, visit, state.waitRemindersFromEntry === true),
        )
      : { send: [] };
  return {
    movable: true,
    caseId: state.caseId,
    fromStep: fromStep as string,
    toStep: step.id,
    dueAt: dueOf(visit, state, now),
    previousDueAt: state.current ? dueOf(state.current, state, now) : null,
    remindersAtOnce: owed.send.map((r) => ({
      rule: r.rule,
      kind: r.kind,
      to:
        r.to === 'assignee'
          ? state.assignee
          : 'role' in r.to
            ? `role:${r.to.role}`
            : `partner:${r.to.partner}`,
    })),
  };
}

/** The broken rule that stops the move, or null (a move already made is allowed: it changes nothing). */
export function validateMove(state: CaseState, input: MoveCaseInput): RuleViolation | null {
  const refused = refusalOf(state, input);
  if (!refused || refused.reason === 'already_moved') return null;
  return { rule: 'not_movable', message: `not_movable: ${refused.reason}: ${refused.message}` };
}

/** Moves the case to the plan's version: same visit on the target step, audited; a second move under the same plan changes nothing. */
export function moveCase(state: CaseState, input: MoveCaseInput, now: number): Transition | RuleViolation {
  const broken = validateMove(state, input);
  if (broken) return broken;
  if (refusalOf(state, input)?.reason === 'already_moved') return { state, effects: [] };
  const next = copyState(state);
  const { visit } = landing(state, input, now);
  const fromStep = state.current?.step ?? '';
  next.definition = input.definition;
  next.definitionVersion = input.plan.to;
  next.current = visit;
  next.revision += 1;
  // A control like hold or reassign: a case moved back and forth under the same plan is audited each time.
  next.controls += 1;
  const entry = next.history.find((h) => h.visit === visit.visit);
  if (entry) {
    entry.step = visit.step;
    const due = dueOf(visit);
    if (due === null) delete entry.dueAt;
    else entry.dueAt = due;
  }
  const key = businessKey(next, 'moved', input.migrationId, next.controls);
  const effects = [
    recordEvent(next, key, 'case_moved', now, {
      actor: input.actor.id,
      detail: {
        migrationId: input.migrationId,
        fromVersion: input.plan.from,
        toVersion: input.plan.to,
        fromStep,
        toStep: visit.step,
        dueDates: input.plan.dueDates,
      },
    }),
    ...visitRecord(next),
    ...snapshotEffects(next, now),
  ];
  return { state: next, effects };
}
