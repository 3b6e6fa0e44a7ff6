// A Mermaid flowchart of a definition: one node per step (shape by kind, from the registry),
// the owner and due times in the label, one edge per outcome. Pure: the CLI and the API print it.
import { STEP_KIND_REGISTRY, ownerOf, outcomesOf } from './registry';
import type { Deadline, ResolvedDefinition, Step } from './schema';
import { assertNever } from './never';
import { jointKeyOf, pausesWhileWaiting } from './together';

const MERMAID_KEYWORDS = new Set([
  'end',
  'graph',
  'subgraph',
  'flowchart',
  'style',
  'class',
  'classDef',
  'click',
  'default',
  'linkStyle',
]);

/** A node id Mermaid will not mistake for a keyword. */
function nodeId(stepId: string): string {
  return MERMAID_KEYWORDS.has(stepId) ? `${stepId}_` : stepId;
}

/** Text safe inside a quoted Mermaid label. */
function escape(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

function describeDeadline(deadline: Deadline): string {
  if (typeof deadline === 'string') return deadline;
  const order = ['emergency', 'urgent', 'normal', 'default'] as const;
  return order
    .filter((priority) => deadline[priority])
    .map((priority) => `${priority} ${deadline[priority]}`)
    .join(' · ');
}

/** The lines under a step's title: who owns it and how long it may take. */
function details(step: Step): string[] {
  const owner = ownerOf(step);
  const lines = owner ? [`owner: ${owner}`] : [];
  switch (step.kind) {
    case 'task':
    case 'approval':
      if (step.due) lines.push(`due: ${describeDeadline(step.due)}`);
      break;
    case 'wait':
      lines.push(`waits for: ${step.event}`);
      if (step.appliesToFamily) lines.push('decides for the whole family');
      if (step.timeout) lines.push(`timeout: ${describeDeadline(step.timeout.after)}`);
      break;
    case 'timer':
      lines.push(`after ${step.duration}`);
      break;
    case 'end':
      lines.push(`closed: ${step.reason}`);
      break;
    default:
      return assertNever(step);
  }
  return lines;
}

/** The line a joint step adds: its key, and whether its deadline runs while the case waits. */
function jointLine(step: Step): string[] {
  const key = jointKeyOf(step);
  if (key === undefined) return [];
  return [`together: ${key}${pausesWhileWaiting(step) ? ' (due paused while waiting)' : ''}`];
}

function node(step: Step): string {
  const [open, close] = STEP_KIND_REGISTRY[step.kind].shape;
  const label = [`<b>${escape(step.title)}</b>`, ...[...details(step), ...jointLine(step)].map(escape)].join(
    '<br/>',
  );
  return `  ${nodeId(step.id)}${open}"${label}"${close}`;
}

function edges(step: Step): string[] {
  const timeoutOutcome = step.kind === 'wait' ? step.timeout?.outcome : undefined;
  return Object.entries(outcomesOf(step)).map(([outcome, target]) => {
    const arrow = outcome === timeoutOutcome ? '-.->' : '-->';
    return `  ${nodeId(step.id)} ${arrow}|${escape(outcome)}| ${nodeId(target)}`;
  });
}

/** Joint steps drawn distinctly: a thick double-dashed border (family members meet there). */
function jointClass(steps: readonly Step[]): string[] {
  const joint = steps.filter((step) => jointKeyOf(step) !== undefined).map((step) => nodeId(step.id));
  if (joint.length === 0) return [];
  return [
    '  classDef joint stroke-width:4px,stroke-dasharray:6 3,stroke:#7b3fa0',
    `  class ${joint.join(',')} joint`,
  ];
}

/** The Mermaid flowchart text of a definition (paste into Markdown inside a mermaid block). */
export function mermaidDiagram(definition: ResolvedDefinition, options: { title?: string } = {}): string {
  const title = options.title ?? `${definition.title} (${definition.id})`;
  return [
    '---',
    `title: ${title}`,
    '---',
    'flowchart TD',
    `  case_start(("start")) --> ${nodeId(definition.start)}`,
    ...definition.steps.map(node),
    ...definition.steps.flatMap(edges),
    ...jointClass(definition.steps),
    '',
  ].join('\n');
}
