// Step kinds and notification recipients, looked up by name: a new kind or recipient is added
// here, in one place, and the validator, the diagram and the case workflow pick it up. Pure.
import { hasOwnKey } from './own';
import type { Problem } from './problems';
import { suggestion } from './suggest';
import type { Recipient, Step } from './schema';
import type { StepKind } from './vocabulary';

/** The outcomes an approval decides between; approved and rejected are required. */
export const APPROVAL_OUTCOMES = ['approved', 'rejected', 'returned'] as const;

/** What a step needs to know about the definition around it to check itself. */
export interface StepCheckContext {
  /** Path of the step, e.g. steps[4]. */
  path: string;
  stepIds: ReadonlySet<string>;
  roles: ReadonlySet<string>;
  /** True when some path of outcomes leads from one step to another. */
  canReach(from: string, to: string): boolean;
}

/** What the engine and the tools know about a kind of step. */
export interface StepKindSpec<S extends Step = Step> {
  /** What completes the step: a person's outcome, an external event, elapsed time, or nothing (terminal). */
  waitsFor: 'person' | 'event' | 'time' | 'nothing';
  /** Mermaid node brackets for the diagram. */
  shape: readonly [open: string, close: string];
  /** Checks only this kind knows; the common checks (targets, roles, durations) run for every kind. */
  validate(step: S, context: StepCheckContext): Problem[];
}

type KindRegistry = { [K in StepKind]: StepKindSpec<Extract<Step, { kind: K }>> };

function requireOutcomes(step: { kind: string; outcomes: Record<string, string> }, path: string): Problem[] {
  if (Object.keys(step.outcomes).length > 0) return [];
  return [
    {
      path: `${path}.outcomes`,
      message: `a ${step.kind} step needs at least one outcome (where the case goes next)`,
    },
  ];
}

function checkApproval(step: Extract<Step, { kind: 'approval' }>, context: StepCheckContext): Problem[] {
  const problems: Problem[] = [];
  const names = Object.keys(step.outcomes);
  const missing = APPROVAL_OUTCOMES.slice(0, 2).filter((name) => !names.includes(name));
  if (missing.length > 0) {
    problems.push({
      path: `${context.path}.outcomes`,
      message: `an approval needs the outcomes approved and rejected (missing: ${missing.join(', ')})`,
    });
  }
  for (const name of names.filter((outcome) => !(APPROVAL_OUTCOMES as readonly string[]).includes(outcome))) {
    problems.push({
      path: `${context.path}.outcomes.${name}`,
      message: `an approval decides only approved, rejected or returned${suggestion(name, APPROVAL_OUTCOMES)}`,
    });
  }
  const returnTo = step.outcomes.returned;
  if (returnTo && context.stepIds.has(returnTo) && !context.canReach(returnTo, step.id)) {
    problems.push({
      path: `${context.path}.outcomes.returned`,
      message: `goes to "${returnTo}", which never leads back to this approval; "returned" must send the case back to an earlier step`,
    });
  }
  return problems;
}

function checkWait(step: Extract<Step, { kind: 'wait' }>, context: StepCheckContext): Problem[] {
  const problems = requireOutcomes(step, context.path);
  const outcome = step.timeout?.outcome;
  if (outcome !== undefined && !hasOwnKey(step.outcomes, outcome)) {
    const names = Object.keys(step.outcomes);
    problems.push({
      path: `${context.path}.timeout.outcome`,
      message: `"${outcome}" is not one of this step's outcomes (${names.join(', ') || 'none'})${suggestion(outcome, names)}`,
    });
  }
  return problems;
}

/** Every step kind of the language and how it behaves. */
export const STEP_KIND_REGISTRY: KindRegistry = {
  task: {
    waitsFor: 'person',
    shape: ['[', ']'],
    validate: (step, context) => requireOutcomes(step, context.path),
  },
  approval: { waitsFor: 'person', shape: ['{', '}'], validate: checkApproval },
  wait: { waitsFor: 'event', shape: ['{{', '}}'], validate: checkWait },
  timer: {
    waitsFor: 'time',
    shape: ['([', '])'],
    validate: (step, context) => requireOutcomes(step, context.path),
  },
  end: { waitsFor: 'nothing', shape: ['((', '))'], validate: () => [] },
};

/** The registry entry for a step's kind. */
export function stepKind<S extends Step>(step: S): StepKindSpec<S> {
  return STEP_KIND_REGISTRY[step.kind] as unknown as StepKindSpec<S>;
}

/** The role that owns a step, if its kind has an owner. */
export function ownerOf(step: Step): string | undefined {
  return 'owner' in step ? step.owner : undefined;
}

/** The outcomes of a step (none for an end step). */
export function outcomesOf(step: Step): Record<string, string> {
  return 'outcomes' in step ? step.outcomes : {};
}

/** What a notification target knows: how to recognise, describe and check it. */
export interface RecipientSpec {
  matches(recipient: Recipient): boolean;
  describe(recipient: Recipient): string;
  validate(recipient: Recipient, path: string, step: Step, roles: ReadonlySet<string>): Problem[];
}

/** Who a reminder or notification can go to. */
export const RECIPIENT_REGISTRY: Record<'assignee' | 'role' | 'partner', RecipientSpec> = {
  assignee: { matches: (to) => to === 'assignee', describe: () => 'the assignee', validate: () => [] },
  role: {
    matches: (to) => typeof to === 'object' && 'role' in to,
    describe: (to) => (typeof to === 'object' && 'role' in to ? `role ${to.role}` : ''),
    validate: (to, path, _step, roles) => {
      if (typeof to !== 'object' || !('role' in to) || roles.has(to.role)) return [];
      return [
        {
          path: `${path}.role`,
          message: `"${to.role}" is not a role of this definition${suggestion(to.role, roles)}`,
        },
      ];
    },
  },
  partner: {
    matches: (to) => typeof to === 'object' && 'partner' in to,
    describe: (to) => (typeof to === 'object' && 'partner' in to ? `${to.partner} partner` : ''),
    validate: (_to, path, step) =>
      step.partnerStatus
        ? []
        : [
            {
              path,
              message:
                'tells a partner about this step, but the step has no partnerStatus label for partners to see',
            },
          ],
  },
};

/** The registry entry for a recipient. */
export function recipientKind(recipient: Recipient): RecipientSpec {
  const spec = Object.values(RECIPIENT_REGISTRY).find((candidate) => candidate.matches(recipient));
  if (!spec) throw new Error(`unknown recipient ${JSON.stringify(recipient)}`);
  return spec;
}
