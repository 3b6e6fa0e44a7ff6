// Who receives a message for a case, from the staff and partner directories. Roles resolve to
// the active staff of the case's country; language falls back recipient → country → English,
// time zone recipient → country.
import { isValidTimeZone } from '../../definitions/duration';
import type { Database } from '../../lib/database';
import type { Language } from '../../definitions/vocabulary';
import type { CaseFacts, Recipient } from '../../contract/activities';
import { readProfile } from '../../contract/partner-sharing';
import { asLanguage } from '../templates/render';

/** The role whose holders hear about failed deliveries in their country. */
export const PROGRAM_MANAGER_ROLE = 'program_manager';

/** One resolved person or organisation to write to. */
export interface Addressee {
  /** Lower-case email: the recipient part of the message's business key. */
  email: string;
  name?: string;
  language: Language;
  timeZone: string;
  /** A partner organisation's contact (partners get the partner status email only). */
  partner?: boolean;
  /** A partner's profile events: its feed already emails these. */
  feedEvents?: string[];
}

function addressee(
  email: string,
  name: string | undefined,
  language: string | null | undefined,
  timeZone: string | null | undefined,
  facts: CaseFacts,
): Addressee {
  return {
    email: email.toLowerCase(),
    name,
    language: asLanguage(language) ?? asLanguage(facts.language) ?? 'en',
    timeZone:
      timeZone && isValidTimeZone(timeZone)
        ? timeZone
        : isValidTimeZone(facts.timeZone)
          ? facts.timeZone
          : 'UTC',
  };
}

/**
 * Resolves a recipient to the people (or partner contacts) to write to for a case. Partners
 * with a webhook are told by webhook only: they are not email recipients. With
 * `actingRole` (a task message about a step that role owns), "the assignee" means whoever
 * may complete the step: the assignee when the directory gives them the role, else the
 * role's holders in the country — never someone who would be refused with not_owner, nor the
 * `excluded` person four-eyes bars from the step.
 */
export async function resolveRecipients(
  db: Database,
  to: Recipient,
  facts: CaseFacts,
  actingRole?: string,
  excluded?: string,
): Promise<Addressee[]> {
  if (to === 'assignee')
    return actingRole ? whoMayAct(db, actingRole, facts, excluded) : assigneeOf(db, facts);
  if ('role' in to) return roleHolders(db, to.role, facts);
  const links = await db.casePartner.findMany({
    where: {
      caseId: facts.caseId,
      ...(to.partner === 'all' ? {} : { role: to.partner }),
      partner: { webhookUrl: null },
    },
    include: { partner: true },
    orderBy: { partnerId: 'asc' },
  });
  return links.map((l) => ({
    ...addressee(l.partner.contactEmail, l.partner.name, l.partner.language, l.partner.timeZone, facts),
    partner: true,
    feedEvents: readProfile(l.partner.sharingProfile).events,
  }));
}

async function assigneeOf(db: Database, facts: CaseFacts): Promise<Addressee[]> {
  const email = facts.assignee.trim().toLowerCase();
  if (!email) return [];
  const staff = await db.staff.findUnique({ where: { email } });
  return [addressee(email, staff?.name, staff?.language, staff?.timeZone, facts)];
}

async function roleHolders(db: Database, role: string, facts: CaseFacts): Promise<Addressee[]> {
  const staff = await db.staff.findMany({
    where: { active: true, roles: { has: role }, countries: { hasSome: [facts.country, '*'] } },
    orderBy: { email: 'asc' },
  });
  return staff.map((s) => addressee(s.email, s.name, s.language, s.timeZone, facts));
}

/**
 * The assignee if they hold the role; else the role's holders; an unknown assignee only when
 * nobody holds it. Never the `excluded` person (four-eyes).
 */
async function whoMayAct(
  db: Database,
  role: string,
  facts: CaseFacts,
  excluded?: string,
): Promise<Addressee[]> {
  const email = facts.assignee.trim().toLowerCase();
  const barred = email !== '' && email === excluded;
  const staff = email ? await db.staff.findUnique({ where: { email } }) : null;
  if (!barred && staff?.active && staff.roles.includes(role))
    return [addressee(email, staff.name, staff.language, staff.timeZone, facts)];
  const holders = (await roleHolders(db, role, facts)).filter((h) => h.email !== excluded);
  if (holders.length > 0 || staff || barred) return holders;
  // Not in the directory, so their role is unknown: better told than nobody.
  return assigneeOf(db, facts);
}
