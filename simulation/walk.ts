// Walks a virtual case through a definition with the real state machine, on a virtual clock,
// the way the case workflow drives it: start, then either the next person's or partner's action
// or the machine's next wake-up (reminders, timers, timeouts), whichever comes first — a
// wake-up at the same instant first, as the workflow's timer fires before a later update.
import type { ResolvedDefinition, Step } from '../definitions/schema';
import type { CompleteStepInput, ExternalEventInput, StartCaseInput } from '../contract/messages';
import {
  completeStep,
  currentStep,
  effectiveDueAt,
  nextWakeAt,
  receiveEvent,
  startCase,
  tick,
  type CaseState,
  type Effect,
  type RuleViolation,
  type Transition,
} from '../workflows/machine';
import { addDuration, dueFor } from '../definitions/duration';
import { forwardOutcomes } from './forward';
import { localDate } from './local-time';
import { SimulationError, type SimulationPlan } from './plan';
import { sampleData } from './sample-data';

/** The simulated case's id: every business key starts with it. */
export const SIMULATED_CASE_ID = 'SIMULATED';

/** A case visits at most this many steps in a simulation: a path that loops is reported, not walked forever. */
export const MAX_SIMULATED_VISITS = 200;

/** What a person or partner does in the simulation, and when (the real run replays these). */
export type SimulatedAction = { at: number; visit: number; step: string } & (
  { kind: 'complete'; input: CompleteStepInput } | { kind: 'event'; input: ExternalEventInput }
);

/** The walk: the case's final state, every effect at the instant it was owed, the actions taken. */
export interface Walk {
  state: CaseState;
  effects: { at: number; effect: Effect }[];
  actions: SimulatedAction[];
}

/** The start input of the simulated case (its partners are the plan's). */
export function simulatedStart(
  definition: ResolvedDefinition,
  version: number,
  plan: SimulationPlan,
): StartCaseInput {
  return {
    caseId: SIMULATED_CASE_ID,
    reference: SIMULATED_CASE_ID,
    definition,
    definitionVersion: version,
    priority: plan.priority,
    assignee: 'assignee@simulation.invalid',
    partners: plan.partners.map((p, index) => ({ partnerId: `partner-${index + 1}`, role: p.role })),
    startedBy: 'simulation',
  };
}

/** The outcome the plan gives this step on its `nth` visit (1, 2, …): the path's, else the way forward. */
function chosenOutcome(
  plan: SimulationPlan,
  step: Step,
  nth: number,
  forward: (step: Step) => string | undefined,
): string | undefined {
  const given = plan.path.filter((c) => c.step === step.id);
  const choice = given[Math.min(nth, given.length) - 1];
  const timesOut = step.kind === 'wait' && dueFor(step, plan.priority) !== undefined;
  // A wait left to its timeout (or asked for the outcome its timeout brings) is the clock's.
  if (timesOut && (!choice || choice.outcome === step.timeout?.outcome)) return undefined;
  return choice?.outcome ?? forward(step);
}

/** What happens next on the current visit: a person's completion, a partner's event, or only the clock. */
function nextAction(
  state: CaseState,
  plan: SimulationPlan,
  nth: number,
  forward: (step: Step) => string | undefined,
): SimulatedAction | undefined {
  const visit = state.current;
  const step = currentStep(state);
  if (!visit || !step || state.status !== 'open') return undefined;
  if (step.kind === 'timer' || step.kind === 'end') return undefined;
  const outcome = chosenOutcome(plan, step, nth, forward);
  if (outcome === undefined) return undefined; // a wait that times out
  const zone = state.definition.timeZone;
  const where = { visit: visit.visit, step: step.id };
  if (step.kind === 'wait') {
    const data = sampleData(step.fields, localDate(visit.enteredAt, zone));
    const input = { event: step.event, outcome, data, eventId: `simulated-${visit.visit}` };
    return { at: visit.enteredAt, ...where, kind: 'event', input };
  }
  const late = plan.overdueParts.get(step.id);
  const due = effectiveDueAt(visit);
  const at =
    late !== undefined && due !== null ? addDuration(new Date(due), late, zone).getTime() : visit.enteredAt;
  // Date fields carry the day the step is completed, in the country's zone.
  const data = sampleData(step.fields, localDate(at, zone));
  const actor = { id: `${step.owner}-${visit.visit}@simulation.invalid`, roles: [step.owner] };
  return { at, ...where, kind: 'complete', input: { step: step.id, outcome, data, actor } };
}

function applied(result: Transition | RuleViolation, step: string): Transition {
  if ('rule' in result)
    throw new SimulationError([
      { path: `path`, message: `step "${step}" refused the simulated completion: ${result.message}` },
    ]);
  return result;
}

/** Walks the case from its start step to an end step (or until it loops). */
export function walkCase(definition: ResolvedDefinition, version: number, plan: SimulationPlan): Walk {
  const started = startCase(simulatedStart(definition, version, plan), SIMULATED_CASE_ID, plan.start);
  // As the workflow does for every new run: the current rules, not the ones kept for old histories.
  let state: CaseState = { ...started.state, waitRemindersFromEntry: true, calendarDates: true };
  const effects = started.effects.map((effect) => ({ at: plan.start, effect }));
  const actions: SimulatedAction[] = [];
  const forward = forwardOutcomes(definition);
  const visitsOf = new Map<string, number>();
  const counted = new Set<number>();
  let now = plan.start;
  while (state.status === 'open') {
    const visit = state.current;
    if (!visit) break;
    if (!counted.has(visit.visit)) {
      counted.add(visit.visit);
      visitsOf.set(visit.step, (visitsOf.get(visit.step) ?? 0) + 1);
    }
    if (visit.visit > MAX_SIMULATED_VISITS) throw loopError(state);
    const action = nextAction(state, plan, visitsOf.get(visit.step) ?? 1, forward);
    const wake = nextWakeAt(state);
    let result: Transition;
    if (action && (wake === null || action.at < wake)) {
      now = Math.max(now, action.at);
      action.at = now;
      actions.push(action);
      result =
        action.kind === 'complete'
          ? applied(completeStep(state, action.input, now), visit.step)
          : receiveEvent(state, action.input, now);
    } else if (wake !== null) {
      now = Math.max(now, wake);
      result = tick(state, now);
    } else {
      throw new SimulationError([{ path: 'path', message: `the case cannot leave step "${visit.step}"` }]);
    }
    state = result.state;
    for (const effect of result.effects) effects.push({ at: now, effect });
  }
  return { state, effects, actions };
}

function loopError(state: CaseState): SimulationError {
  const recent = state.history.slice(-6).map((h) => `${h.step}${h.outcome ? `:${h.outcome}` : ''}`);
  return new SimulationError([
    {
      path: 'path',
      message: `the case does not reach an end within ${MAX_SIMULATED_VISITS} steps; it loops (… ${recent.join(' → ')}); give the path an outcome that leaves the loop`,
    },
  ]);
}
