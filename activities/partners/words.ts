// The words of a partner's status email: what happened (event words per language), the
// partner-visible status ("Closed" in the partner's language) and when, shown in the partner's
// time zone by the renderer. Every email to a partner is this one message kind, whatever
// template a definition names: partners never receive staff wording (hold reasons, due dates).
import type { Language } from '../../definitions/vocabulary';
import { CLOSED_STATUS } from '../../definitions/closure';
import type { MessageKind, NotificationRequest, PartnerUpdate } from '../../contract/activities';
import type { MessageValues } from '../templates/render';

/** What a partner email reports: a partner event, or a step completed (a definition's outcome notification). */
export type PartnerEmailEvent = PartnerUpdate['event'] | 'step_completed';

/** The message kind of every email to a partner. */
export const PARTNER_EMAIL_KIND: MessageKind = 'partner_update';

const EVENT_WORDS: Record<Language, Record<PartnerEmailEvent, string>> = {
  en: {
    step_entered: 'moved to a new step',
    step_completed: 'a step was completed',
    case_on_hold: 'put on hold',
    case_resumed: 'resumed',
    case_closed: 'closed',
    family_waiting: 'waiting for the rest of the family',
    family_released: 'moving on together with the family',
    consent_withdrawn: 'the refugee withdrew consent to share personal data: delete the copy you hold',
  },
  fr: {
    step_entered: 'passé à une nouvelle étape',
    step_completed: 'une étape a été terminée',
    case_on_hold: 'mis en attente',
    case_resumed: 'repris',
    case_closed: 'clôturé',
    family_waiting: 'en attente du reste de la famille',
    family_released: 'avance avec toute la famille',
    consent_withdrawn:
      'le réfugié a retiré son consentement au partage de données personnelles : supprimez la copie que vous détenez',
  },
  ar: {
    step_entered: 'انتقل إلى مرحلة جديدة',
    step_completed: 'اكتملت مرحلة',
    case_on_hold: 'عُلِّق',
    case_resumed: 'استُؤنف',
    case_closed: 'أُغلق',
    family_waiting: 'في انتظار بقية الأسرة',
    family_released: 'يمضي قدمًا مع الأسرة كلها',
    consent_withdrawn: 'سحب اللاجئ موافقته على مشاركة البيانات الشخصية: احذفوا النسخة التي لديكم',
  },
  es: {
    step_entered: 'pasó a una nueva etapa',
    step_completed: 'se completó una etapa',
    case_on_hold: 'puesto en espera',
    case_resumed: 'reanudado',
    case_closed: 'cerrado',
    family_waiting: 'a la espera del resto de la familia',
    family_released: 'avanza junto con toda la familia',
    consent_withdrawn:
      'la persona refugiada retiró su consentimiento para compartir datos personales: borren la copia que tienen',
  },
};

const CLOSED_WORDS: Record<Language, string> = { en: 'Closed', fr: 'Clôturé', ar: 'مغلق', es: 'Cerrado' };

/** The words of an event in a language. */
export function eventWords(language: Language, event: PartnerEmailEvent): string {
  return EVENT_WORDS[language][event];
}

/** The template values of a partner email: status, event words and the time it happened. */
export function partnerEmailValues(input: {
  language: Language;
  status: string;
  event: PartnerEmailEvent;
  occurredAt: string;
}): Required<Pick<MessageValues, 'status' | 'event' | 'at'>> {
  const status = input.status === CLOSED_STATUS ? CLOSED_WORDS[input.language] : input.status;
  return { status, event: eventWords(input.language, input.event), at: input.occurredAt };
}

/** The event a definition's notification to partners reports, from its template and trigger. */
export function notificationEvent(request: NotificationRequest): PartnerEmailEvent {
  switch (request.kind) {
    case 'case_on_hold':
    case 'case_resumed':
    case 'case_closed':
      return request.kind;
    default:
      return request.detail?.outcome ? 'step_completed' : 'step_entered';
  }
}

/** The partner-visible status a definition's notification to partners reports, in the partner's language when the definition has it. */
export function notificationStatus(request: NotificationRequest, language?: Language): string {
  if (request.kind === 'case_closed') return CLOSED_STATUS;
  const step = request.step;
  if (!step) return '';
  const translated =
    language !== undefined && step.partnerStatuses && Object.hasOwn(step.partnerStatuses, language)
      ? step.partnerStatuses[language]
      : undefined;
  return translated ?? step.partnerStatus ?? step.title;
}
