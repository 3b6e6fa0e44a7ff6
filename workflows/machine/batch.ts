// The projection batch of a set of effects: the rows a transition records (case row, visits,
// events) and, in runs that owe their messages, the emails and partner updates it owes. The
// workflow's effect runner writes it through the projection activity; a case's start writes its
// first one in the transaction that creates the case (api/cases/start-case.ts).
import type { OwedMessage, ProjectionBatch } from '../../contract/projection';
import type { Effect } from './state';

/** The effects a projection batch carries when messages are owed: what a start records itself. */
export function isRecorded(effect: Effect): boolean {
  return (
    effect.kind === 'project_case' ||
    effect.kind === 'record_visit' ||
    effect.kind === 'record_event' ||
    effect.kind === 'notify' ||
    effect.kind === 'partner_update'
  );
}

/**
 * The batch of `effects` (null when they record nothing). With `owedAt`, the emails and partner
 * updates are owed in it; without, they are left out (runs recorded before owed messages send
 * them as activities).
 */
export function projectionBatchOf(effects: Effect[], owedAt?: string): ProjectionBatch | null {
  const batch: ProjectionBatch = { visits: [], events: [] };
  const messages: OwedMessage[] = [];
  let any = false;
  for (const effect of effects) {
    if (effect.kind === 'project_case') batch.case = effect.snapshot;
    else if (effect.kind === 'record_visit') batch.visits.push(effect.visit);
    else if (effect.kind === 'record_event') batch.events.push(effect.event);
    else if (owedAt !== undefined && effect.kind === 'notify')
      messages.push({ kind: 'email', request: effect.request });
    else if (owedAt !== undefined && effect.kind === 'partner_update')
      messages.push({ kind: 'partner', update: effect.update });
    else continue;
    any = true;
  }
  if (messages.length > 0) Object.assign(batch, { owed: messages, owedAt });
  return any ? batch : null;
}
