// The case page as the API's GET reads it (same access check, same audit), with whatever the
// request that shows it again has to say: a form's errors, a notice, a refused action.
import type { Request, Response } from 'express';
import { ownerOf } from '../../definitions/registry';
import { actorFor, caseFor } from '../../api/cases/access';
import { PERSONAL_DATA_READERS, staffViewOf } from '../../api/cases/views';
import { casePeople } from '../../api/cases/people';
import { visibleStaff } from '../../api/admin/staff';
import { CASE_HANDLERS, SUPERVISORS } from '../../api/access/roles';
import { ApiError } from '../../api/errors';
import { familyResponse, familyState } from '../../api/families/service';
import type { CaseDetail } from '../../api/schemas/cases';
import type { FamilyResponse } from '../../api/schemas/families';
import type { FamilyShown } from '../pages/family';
import type { Language } from '../../definitions/vocabulary';
import { DefinitionCache, stepOf, stepTitle } from '../definitions';
import { casePage, type CasePageInput, type PersonCompletion } from '../pages/case';
import { personsShown } from '../pages/persons';
import { sendHtml, sessionOf, speechFor, type WebContext } from '../context';

/** What a request adds to the case page. */
export type CaseExtras = Pick<
  CasePageInput,
  'form' | 'eventForm' | 'notice' | 'refusal' | 'superviseError' | 'holdError'
>;

/** The current step's title of each member shown (from the definition version it pinned). */
async function memberStepTitles(web: WebContext, group: FamilyResponse, language: Language) {
  const cache = new DefinitionCache(web.db);
  const pins = await web.db.case.findMany({
    where: { id: { in: group.members.map((m) => m.caseId) } },
    select: { id: true, definitionId: true, definitionVersion: true },
  });
  const titles = new Map<string, string>();
  for (const pin of pins) {
    const member = group.members.find((m) => m.caseId === pin.id);
    if (member?.currentStep) titles.set(pin.id, stepTitle(await cache.of(pin), member.currentStep, language));
  }
  return titles;
}

/** The case's family as the API's GET /v1/families/{id} answers this person (members of other countries only counted). */
async function familyOf(
  web: WebContext,
  detail: CaseDetail,
  caller: Parameters<typeof familyResponse>[1],
  language: Language,
) {
  if (!detail.family) return undefined;
  try {
    const group = await familyResponse(web, caller, await familyState(web, detail.family.groupId));
    return { group, stepTitles: await memberStepTitles(web, group, language) } satisfies FamilyShown;
  } catch (err) {
    // The case page still shows the case when its family's workflow cannot answer right now.
    if (err instanceof ApiError) return { unavailable: true } satisfies FamilyShown;
    throw err;
  }
}

/**
 * The names of the case's people for the roles that may read personal data (that read is
 * audited); none for the others, or once the case is erased: they see person ids.
 */
async function personNames(
  web: WebContext,
  row: { id: string; erasedAt: Date | null },
  caller: Parameters<typeof casePeople>[2],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!PERSONAL_DATA_READERS.includes(caller.role) || row.erasedAt) return names;
  for (const p of (await casePeople(web.db, web.keys, caller, row.id)).people)
    names.set(p.id, `${p.person.givenName} ${p.person.familyName}`);
  return names;
}

/** The case's `person_completed` events, oldest first. */
function personCompletedEvents(web: WebContext, caseId: string) {
  return web.db.caseEvent.findMany({
    where: { caseId, kind: 'person_completed' },
    orderBy: [{ occurredAt: 'asc' }, { eventKey: 'asc' }],
    select: { occurredAt: true, step: true, outcome: true, actor: true, detail: true },
  });
}

/** Each person's completion as the timeline shows it: by name where the reader may see names. */
function personCompletionsShown(
  events: Awaited<ReturnType<typeof personCompletedEvents>>,
  names: ReadonlyMap<string, string>,
): PersonCompletion[] {
  return events.map((e) => {
    const detail = e.detail as { person?: unknown } | null;
    const person = typeof detail?.person === 'string' ? detail.person : '?';
    return {
      at: e.occurredAt.toISOString(),
      step: e.step ?? '',
      person: names.get(person) ?? person,
      outcome: e.outcome ?? '',
      ...(e.actor ? { actor: e.actor } : {}),
    };
  });
}

/** Renders the case page of `req.params.caseId` for the signed-in person. */
export async function showCase(
  web: WebContext,
  req: Request,
  res: Response,
  status: number,
  extra: CaseExtras = {},
): Promise<void> {
  const session = sessionOf(res);
  const row = await caseFor(web.db, session.caller, String(req.params.caseId));
  const [detail, definition, actor] = await Promise.all([
    staffViewOf(web.db, web.keys, web.temporal, row, session.caller, web.deadlineMs),
    new DefinitionCache(web.db).of(row),
    actorFor(web.db, session.caller, row),
  ]);
  const step = stepOf(definition, detail.currentStep);
  const maySupervise = SUPERVISORS.includes(session.caller.role);
  // The people a supervisor may hand the case to: active staff of its country (the directory).
  const colleagues = maySupervise
    ? (await visibleStaff(web.db, session.caller, { country: row.country, active: true })).map((s) => s.email)
    : [];
  const owner = step ? ownerOf(step) : undefined;
  const family = await familyOf(web, detail, session.caller, speechFor(req, res).language);
  const completed = await personCompletedEvents(web, row.id);
  // Names are read (and audited) only when a per-person step is current or was done.
  const names =
    detail.persons || completed.length > 0
      ? await personNames(web, row, session.caller)
      : new Map<string, string>();
  const persons = detail.persons ? personsShown(detail.persons, names) : undefined;
  const personCompletions = personCompletionsShown(completed, names);
  sendHtml(
    res,
    status,
    casePage({
      speech: speechFor(req, res),
      signedIn: session,
      detail,
      definition,
      mayComplete: !!owner && actor.roles.includes(owner),
      mayRecordEvent: CASE_HANDLERS.includes(session.caller.role),
      maySupervise,
      colleagues,
      family,
      persons,
      personCompletions,
      ...extra,
    }),
  );
}
