// What a simulation is asked to do, checked against the definition before anything runs: the
// path (the outcome each step takes), the steps completed late, the partners. Every wrong name
// is a problem at its path with a did-you-mean, as validation reports them.
import { dueFor, parseDuration } from '../definitions/duration';
import { ownValue } from '../definitions/own';
import type { Problem } from '../definitions/problems';
import { outcomesOf } from '../definitions/registry';
import type { ResolvedDefinition, Step } from '../definitions/schema';
import { suggestion } from '../definitions/suggest';
import type { Language, PartnerRole, Priority } from '../definitions/vocabulary';
import { CASE_FIELDS, PARTNER_EVENTS, type SharingProfile } from '../contract/partner-sharing';

/** One choice of the path: on `step`, take `outcome` (a wait: the event brings it). */
export interface PathChoice {
  step: string;
  outcome: string;
}

/** A partner of the simulated case and what its data-sharing arrangement lets it receive. */
export interface SimulatedPartner {
  role: PartnerRole;
  profile: SharingProfile;
  /** The refugee consents to `case_updates` (personal fields may be shared). */
  consent: boolean;
  /** Told by webhook (personal fields possible); without one, by email only (never personal fields). */
  webhook: boolean;
  language?: Language;
}

/** What to simulate, as a person or the API asks for it. */
export interface SimulationRequest {
  priority: Priority;
  path: PathChoice[];
  /** Step → ISO duration: the step is completed that long after its due date. */
  overdue: Record<string, string>;
  /** Language of the staff who receive the messages (default: the definition's). */
  language?: Language;
  partners: SimulatedPartner[];
  /** When the case starts (epoch ms). */
  start: number;
}

/** A request checked against its definition: ready to walk. */
export interface SimulationPlan extends SimulationRequest {
  language: Language;
  overdueParts: Map<string, string>;
}

/** The request names a step, outcome or duration the definition does not have. */
export class SimulationError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    this.name = 'SimulationError';
  }
}

const SHORT_DURATION = /^(\d+)([wdhm])$/i;

/** `3d`, `12h`, `2w`, `30m` or an ISO-8601 duration, as ISO-8601; undefined when it is none of these. */
export function normaliseDuration(text: string): string | undefined {
  const short = SHORT_DURATION.exec(text.trim());
  if (short) {
    const [, amount, unit = 'd'] = short;
    const lower = unit.toLowerCase();
    return lower === 'h' || lower === 'm'
      ? `PT${amount}${lower.toUpperCase()}`
      : `P${amount}${lower.toUpperCase()}`;
  }
  return parseDuration(text.trim()) ? text.trim() : undefined;
}

function stepProblem(definition: ResolvedDefinition, id: string, path: string): Problem | undefined {
  if (definition.steps.some((s) => s.id === id)) return undefined;
  const ids = definition.steps.map((s) => s.id);
  return {
    path,
    message: `"${id}" is not a step of ${definition.id}${suggestion(id, ids)}`,
  };
}

function outcomeProblem(step: Step, outcome: string, path: string): Problem | undefined {
  if (step.kind === 'timer' || step.kind === 'end')
    return {
      path,
      message: `"${step.id}" is a ${step.kind} step: ${step.kind === 'timer' ? 'it takes its only outcome when its time is up' : 'it has no outcomes'}`,
    };
  const outcomes = Object.keys(outcomesOf(step));
  if (ownValue(outcomesOf(step), outcome) !== undefined) return undefined;
  return {
    path,
    message: `step "${step.id}" has outcomes ${outcomes.join(', ')}, not "${outcome}"${suggestion(outcome, outcomes)}`,
  };
}

function overdueProblem(
  definition: ResolvedDefinition,
  stepId: string,
  duration: string,
  priority: Priority,
): Problem | undefined {
  const path = `overdue.${stepId}`;
  const missing = stepProblem(definition, stepId, path);
  if (missing) return missing;
  const step = definition.steps.find((s) => s.id === stepId) as Step;
  if (step.kind !== 'task' && step.kind !== 'approval')
    return {
      path,
      message: `"${stepId}" is a ${step.kind} step: only tasks and approvals are completed late`,
    };
  if (dueFor(step, priority) === undefined)
    return { path, message: `"${stepId}" has no deadline for a ${priority} case, so it cannot be late` };
  if (normaliseDuration(duration) === undefined)
    return { path, message: `"${duration}" is not a duration (3d, 12h, 2w or ISO-8601 such as P3D)` };
  return undefined;
}

/** Checks a request against the definition: the plan to walk, or every problem at its path. */
export function planSimulation(definition: ResolvedDefinition, request: SimulationRequest): SimulationPlan {
  const problems: Problem[] = [];
  request.path.forEach((choice, index) => {
    const missing = stepProblem(definition, choice.step, `path[${index}].step`);
    if (missing) return void problems.push(missing);
    const step = definition.steps.find((s) => s.id === choice.step) as Step;
    const wrong = outcomeProblem(step, choice.outcome, `path[${index}].outcome`);
    if (wrong) problems.push(wrong);
  });
  const overdueParts = new Map<string, string>();
  for (const [stepId, duration] of Object.entries(request.overdue)) {
    const problem = overdueProblem(definition, stepId, duration, request.priority);
    if (problem) problems.push(problem);
    else overdueParts.set(stepId, normaliseDuration(duration) as string);
  }
  if (problems.length > 0) throw new SimulationError(problems);
  return { ...request, language: request.language ?? definition.language, overdueParts };
}

/** Reads `interview:completed,supervisor_approval:approved` into path choices; problems name the piece. */
export function parsePathText(text: string): PathChoice[] {
  const problems: Problem[] = [];
  const choices = text
    .split(',')
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '')
    .flatMap((piece, index) => {
      const [step, outcome, extra] = piece.split(':').map((part) => part.trim());
      if (!step || !outcome || extra !== undefined) {
        problems.push({ path: `path[${index}]`, message: `"${piece}" is not step:outcome` });
        return [];
      }
      return [{ step, outcome }];
    });
  if (problems.length > 0) throw new SimulationError(problems);
  return choices;
}

/** Reads `interview=3d,rrf=1d` into step → duration; problems name the piece. */
export function parseOverdueText(text: string): Record<string, string> {
  const problems: Problem[] = [];
  const overdue: [string, string][] = [];
  text
    .split(',')
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '')
    .forEach((piece) => {
      const [step, duration, extra] = piece.split('=').map((part) => part.trim());
      if (!step || !duration || extra !== undefined)
        problems.push({ path: `overdue`, message: `"${piece}" is not step=duration (e.g. interview=3d)` });
      else overdue.push([step, duration]);
    });
  if (problems.length > 0) throw new SimulationError(problems);
  // fromEntries makes own properties, whatever the step name (even "__proto__").
  return Object.fromEntries(overdue);
}

/** The partners of a simulated case unless the request names them: one referring partner that subscribes to every event and the case facts. */
export function defaultPartners(): SimulatedPartner[] {
  return [
    {
      role: 'referring',
      profile: { fields: [...CASE_FIELDS], events: [...PARTNER_EVENTS] },
      consent: true,
      webhook: true,
    },
  ];
}
