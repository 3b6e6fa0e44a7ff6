// The case workflow: one long-running workflow per case. Thin by design: message handlers
// feed the plain state machine (./machine), a `condition` loop feeds it the clock, and the
// effects it returns run through activities. Continues as new when history grows, carrying
// the state and any effects not yet executed.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { ZodType, ZodTypeDef } from 'zod';
import { parsed, rejection } from './rejections';
import { EffectRunner } from './effect-runner';
import { CaseClock } from './case-clock';
import { CURRENT_RUN, PATCHED_RUN, type CaseVersion } from './case-version';
import {
  caseView,
  changeConsent,
  closeCase,
  completeStep,
  holdCase,
  isRecorded,
  nextWakeAt,
  reassignCase,
  receiveEventSafely,
  resumeCase,
  snapshotEffects,
  startCase,
  tick,
  validateClose,
  validateConsent,
  validateCompletion,
  validateHold,
  validateReassign,
  validateResume,
  validateJoin,
  joinFamily,
  memberReport,
  releaseByFamily,
  removedFromFamily,
  followMerge,
  heldUpByFamily,
  receivePeople,
  keepRecentVisits,
  type CaseState,
  type Effect,
  type RuleViolation,
  type Transition,
} from './machine';
import type { CaseView } from '../contract/case-view';
import {
  casePeopleSignal,
  CasePeopleInput,
  caseStateQuery,
  closeUpdate,
  CloseInput,
  completeStepUpdate,
  CompleteStepInput,
  ExternalEventInput,
  externalEventSignal,
  holdUpdate,
  HoldInput,
  partnerConsentUpdate,
  PartnerConsentInput,
  reassignUpdate,
  ReassignInput,
  resumeUpdate,
  ResumeInput,
  type StartCaseInput,
} from '../contract/messages';
import {
  familyLeftSignal,
  familyHeldUpSignal,
  familyMovedSignal,
  familyReleaseSignal,
  JoinFamilyInput,
  joinFamilyUpdate,
  type MemberReport,
} from '../contract/family';
import { MoveCaseInput, moveCaseUpdate, movePreviewQuery } from '../contract/migration';
import { moveCase, previewMove, validateMove } from './machine/migration';

/** What one run hands to the next on continue-as-new. */
export interface CarriedCase {
  state: CaseState;
  /** Effects produced but not yet executed (e.g. by a signal that arrived at the very end). */
  outbox: Effect[];
}

/**
 * Events kept while a case is on hold (or waits for its family) are bounded (machine/controls.ts).
 * Both types ask it, and only for an event past the bounds, so that histories recorded before
 * (every event kept) replay, and an ordinary transition records no marker.
 */
export const WAITING_EVENTS_BOUNDED = 'waiting-events-bounded';

/** A run continues as new after this many history events, or earlier when Temporal suggests it. */
export const CONTINUE_AS_NEW_AFTER_EVENTS = 2000;

function check(violation: RuleViolation | null): void {
  if (violation) throw rejection(violation);
}

/**
 * Runs an update's validator or handler so that only typed rejections leave it: any other
 * error (a defect) becomes `invalid_input` instead of failing the workflow task, which would
 * retry forever and leave the case unreadable.
 */
function guarded<T>(caseId: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof ApplicationFailure) throw err;
    log.error('Update failed unexpectedly; rejected as invalid_input', {
      caseId,
      error: err instanceof Error ? err.name : typeof err,
    });
    throw rejection({
      rule: 'invalid_input',
      message: 'invalid_input: this request cannot be applied to the case',
    });
  }
}

/** Whether the run's history is long enough to continue as new. */
function continueDue(): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= CONTINUE_AS_NEW_AFTER_EVENTS;
}

/**
 * Interprets a case's pinned definition from start to end (or early closure): the first type,
 * which cases started before `caseWorkflowV2` keep running (each change since asks its patch).
 */
export async function caseWorkflow(input: StartCaseInput, carried?: CarriedCase): Promise<CaseView> {
  return runCase(input, carried, PATCHED_RUN(patched));
}

/**
 * The current case workflow type, which the API starts: the same interpreter with every change of
 * `caseWorkflow` in (no patch markers) and quiet transitions (./case-version.ts).
 */
export async function caseWorkflowV2(input: StartCaseInput, carried?: CarriedCase): Promise<CaseView> {
  return runCase(input, carried, CURRENT_RUN);
}

async function runCase(input: StartCaseInput, carried: CarriedCase | undefined, version: CaseVersion) {
  const runner = new EffectRunner(input.caseId, version);
  const clock = new CaseClock();
  const outbox: Effect[] = [];
  // Called once per run, before any other command: cases whose history lacks the marker keep
  // their reminder clock; new runs (and runs after continue-as-new) count from entry.
  const rules = {
    waitRemindersFromEntry: version.has('wait-reminders-from-entry'),
    calendarDates: version.has('calendar-dates'),
    personSteps: version.has('person-steps'),
  };
  let state: CaseState;
  if (carried) {
    state = carried.state;
    outbox.push(
      ...carried.outbox,
      ...snapshotEffects(state, Date.now()).filter((e) => e.kind === 'search_attributes'),
    );
  } else {
    // Only the per-person rule is needed on entering the first step (the people given at the
    // start); the other two apply from here on, as they always have for running cases.
    const openedAt = input.openedAt === undefined ? Date.now() : Date.parse(input.openedAt);
    const started = startCase(input, workflowInfo().workflowId, openedAt, {
      personSteps: rules.personSteps,
    });
    state = started.state;
    outbox.push(...(input.recordedAtStart ? started.effects.filter((e) => !isRecorded(e)) : started.effects));
  }
  Object.assign(state, rules);

  const apply = (result: Transition | RuleViolation): CaseView => {
    if ('rule' in result) throw rejection(result);
    state = result.state;
    outbox.push(...result.effects);
    const projected = result.effects.filter((e) => e.kind === 'project_case').pop();
    return {
      ...caseView(state, Date.now()),
      ...(projected ? { projectedRevision: projected.snapshot.revision } : {}),
    };
  };

  const update = <I>(
    schema: ZodType<I, ZodTypeDef, unknown>,
    validate: (s: CaseState, i: I) => RuleViolation | null,
    transition: (s: CaseState, i: I, now: number) => Transition | RuleViolation,
  ) => ({
    handler: (raw: unknown) =>
      guarded(input.caseId, () => apply(transition(state, parsed(schema, raw), Date.now()))),
    validator: (raw: unknown) => guarded(input.caseId, () => check(validate(state, parsed(schema, raw)))),
  });
  const completion = update(CompleteStepInput, validateCompletion, completeStep);
  setHandler(completeStepUpdate, completion.handler, { validator: completion.validator });
  const hold = update(HoldInput, validateHold, holdCase);
  setHandler(holdUpdate, hold.handler, { validator: hold.validator });
  const resume = update(ResumeInput, validateResume, resumeCase);
  setHandler(resumeUpdate, resume.handler, { validator: resume.validator });
  const reassign = update(ReassignInput, validateReassign, reassignCase);
  setHandler(reassignUpdate, reassign.handler, { validator: reassign.validator });
  const close = update(CloseInput, validateClose, closeCase);
  setHandler(closeUpdate, close.handler, { validator: close.validator });
  const consent = update(PartnerConsentInput, validateConsent, changeConsent);
  setHandler(partnerConsentUpdate, consent.handler, { validator: consent.validator });
  setHandler(externalEventSignal, (raw) => {
    const event = ExternalEventInput.safeParse(raw);
    // A malformed signal cannot be rejected (signals have no validator): it changes nothing.
    // A well-formed one never fails the workflow task: at worst it is recorded as ignored.
    if (event.success)
      apply(receiveEventSafely(state, event.data, Date.now(), () => patched(WAITING_EVENTS_BOUNDED)));
    else
      log.warn('Malformed external event ignored', {
        caseId: input.caseId,
        issues: event.error.issues.length,
      });
  });
  setHandler(casePeopleSignal, (raw) => {
    const people = CasePeopleInput.safeParse(raw);
    if (people.success) state = receivePeople(state, people.data);
    else log.warn('Malformed people of a case ignored', { caseId: input.caseId });
  });
  setHandler(caseStateQuery, () => caseView(state, Date.now()));
  // Family groups: the join answers the case's report (the API hands it to the group at once);
  // releases, removals and merges come from the group workflow and never fail the case.
  setHandler(
    joinFamilyUpdate,
    (raw: unknown): MemberReport =>
      guarded(input.caseId, () => {
        apply(joinFamily(state, parsed(JoinFamilyInput, raw), Date.now()));
        return memberReport(state) as MemberReport;
      }),
    {
      validator: (raw: unknown) =>
        guarded(input.caseId, () => check(validateJoin(state, parsed(JoinFamilyInput, raw)))),
    },
  );
  const fromFamily = <T>(name: string, move: (s: CaseState, message: T, now: number) => Transition) => {
    return (message: T) => {
      try {
        apply(move(state, message, Date.now()));
      } catch (err) {
        log.error('Family message ignored', {
          caseId: input.caseId,
          message: name,
          error: (err as Error).name,
        });
      }
    };
  };
  setHandler(familyReleaseSignal, fromFamily('release', releaseByFamily));
  setHandler(familyLeftSignal, fromFamily('left', removedFromFamily));
  setHandler(familyMovedSignal, fromFamily('moved', followMerge));
  setHandler(familyHeldUpSignal, fromFamily('held_up', heldUpByFamily));
  const move = update(MoveCaseInput, validateMove, moveCase);
  setHandler(moveCaseUpdate, move.handler, { validator: move.validator });
  setHandler(movePreviewQuery, (raw) => previewMove(state, parsed(MoveCaseInput, raw), Date.now()));

  for (;;) {
    while (outbox.length > 0) await runner.execute(outbox.splice(0));
    if (state.status === 'closed') break;
    // Messages still being sent belong to this run: it continues as new once they have settled
    // (the case keeps moving meanwhile). Runs recorded before never have messages in flight here.
    if (continueDue() && !runner.sending) {
      await condition(allHandlersFinished);
      // A case that made its visits before the state kept only the recent ones sheds the rest
      // here (a state change only: no command depends on the older visits).
      keepRecentVisits(state);
      return continueAsNew<typeof caseWorkflow>(input, { state, outbox: outbox.splice(0) });
    }
    const seen = state.revision;
    const moved = () =>
      state.revision !== seen ||
      outbox.length > 0 ||
      (runner.detachedRun && !runner.sending && continueDue());
    const wake = nextWakeAt(state);
    if (version.quiet) {
      if (wake === null || wake > Date.now()) {
        clock.wakeBy(wake, Date.now());
        await condition(() => moved() || clock.ringing);
        clock.takeRing();
      }
    } else if (wake === null) await condition(moved);
    else if (wake > Date.now()) await condition(moved, wake - Date.now());
    apply(tick(state, Date.now()));
  }
  // Messages that arrived while the last effects ran (e.g. an ignored event) are recorded too,
  // and the messages still being sent settle before the case's workflow completes.
  do {
    await condition(allHandlersFinished);
    while (outbox.length > 0) await runner.execute(outbox.splice(0));
    await runner.drain();
  } while (!allHandlersFinished() || (runner.detachedRun && outbox.length > 0));
  return caseView(state, Date.now());
}
