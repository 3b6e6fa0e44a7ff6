// French.
import type { PartialCatalog } from './catalog';

export const fr: PartialCatalog = {
  locale: 'fr-FR',
  direction: 'ltr',
  priorities: { emergency: 'urgence vitale', urgent: 'urgent', normal: 'normal' },
  common: {
    greeting: 'Bonjour {name},',
    greetingNoName: 'Bonjour,',
    caseLabel: 'Dossier',
    stepLabel: 'Étape',
    dueLabel: 'Échéance',
    priorityLabel: 'Priorité',
    openCase: 'Ouvrir le dossier',
    noDueDate: 'sans échéance',
    noValue: '—',
    footer:
      'Ce message a été envoyé par Pathways. Merci de ne pas y répondre ; agissez plutôt dans le dossier.',
  },
  kinds: {
    task_assigned: {
      subject: '[{reference}] Nouvelle tâche pour vous : {step}',
      heading: 'Une tâche vous est attribuée',
      body: 'Le dossier {reference} vous attend à l’étape « {step} ».',
      action: 'Merci de terminer cette étape avant le {due}.',
    },
    reminder_before_due: {
      subject: '[{reference}] Rappel : « {step} » arrive bientôt à échéance',
      heading: 'Une étape arrive bientôt à échéance',
      body: 'L’étape « {step} » du dossier {reference} est à terminer le {due}.',
      action: 'Merci de la terminer avant l’échéance.',
    },
    due_today: {
      subject: '[{reference}] Échéance aujourd’hui : {step}',
      heading: 'Une étape arrive à échéance aujourd’hui',
      body: 'L’étape « {step} » du dossier {reference} est à terminer aujourd’hui, {due}.',
      action: 'Merci de la terminer aujourd’hui ou de signaler à votre superviseur ce qui la bloque.',
    },
    overdue: {
      subject: '[{reference}] En retard, action requise : {step}',
      heading: 'Une étape est en retard',
      body: 'L’étape « {step} » du dossier {reference} devait être terminée le {due} et ne l’est pas encore.',
      action: 'Merci de la terminer au plus vite ou de signaler à votre superviseur ce qui la bloque.',
    },
    escalation: {
      subject: '[{reference}] Escalade : « {step} » est en retard, merci d’assurer le suivi',
      heading: 'Une étape en retard demande votre attention',
      body: 'L’étape « {step} » du dossier {reference} est en retard depuis le {due}. Elle est attribuée à {assignee}.',
      action: 'Merci de faire le point avec la personne responsable ou de réattribuer le dossier.',
    },
    case_on_hold: {
      subject: '[{reference}] Dossier mis en attente',
      heading: 'Le dossier est en attente',
      body: 'Le dossier {reference} a été mis en attente à l’étape « {step} ». Le motif figure dans le dossier.',
      action: 'Aucune action n’est requise jusqu’à la reprise du dossier.',
    },
    case_resumed: {
      subject: '[{reference}] Dossier repris, merci de continuer : {step}',
      heading: 'Le dossier a repris',
      body: 'Le dossier {reference} est de nouveau actif à l’étape « {step} ».',
      action: 'Merci de poursuivre le travail sur cette étape avant le {due}.',
    },
    case_reassigned: {
      subject: '[{reference}] Dossier réattribué à {assignee}, merci d’en prendre connaissance',
      heading: 'Le dossier a un nouveau responsable',
      body: 'Le dossier {reference} est désormais attribué à {assignee}. Étape en cours : « {step} ».',
      action: 'Merci de prendre connaissance du dossier et de son étape en cours.',
    },
    case_closed: {
      subject: '[{reference}] Dossier clôturé ({reason})',
      heading: 'Le dossier est clôturé',
      body: 'Le dossier {reference} a été clôturé. Motif : {reason}.',
      action: 'Aucune autre action n’est requise.',
    },
    step_entered: {
      subject: '[{reference}] Nouvelle étape, à examiner : {step}',
      heading: 'Le dossier est passé à une nouvelle étape',
      body: 'Le dossier {reference} est passé à l’étape « {step} ».',
      action: 'Merci d’examiner le dossier ; l’étape est à terminer avant le {due}.',
    },
    step_completed: {
      subject: '[{reference}] Étape terminée : {step} ({outcome})',
      heading: 'Une étape est terminée',
      body: 'L’étape « {step} » du dossier {reference} a été terminée avec le résultat « {outcome} ».',
      action: 'Aucune action n’est requise, sauf si l’étape suivante vous revient.',
    },
    partner_update: {
      subject: '[{reference}] Mise à jour du statut du dossier : {status}',
      heading: 'Mise à jour du statut du dossier',
      body: 'Le statut du dossier {reference} est désormais : {status} ({event}, {at}).',
      action: 'Merci de mettre à jour vos dossiers. Aucune donnée personnelle n’est envoyée par courriel.',
    },
    partner_delivery_failed: {
      subject: '[{reference}] Mise à jour non remise au partenaire {partner}, à vérifier',
      heading: 'Une mise à jour n’a pas pu être remise à un partenaire',
      body: 'La mise à jour {event} du dossier {reference} n’a pas pu être remise à {partner} après {attempts} tentatives. Dernière erreur : {error}.',
      action:
        'Merci de vérifier le webhook du partenaire, puis de renvoyer la mise à jour depuis la liste des échecs.',
    },
    delivery_failed: {
      subject: '[{reference}] Courriel non remis à {recipient}, à vérifier',
      heading: 'Un courriel n’a pas pu être remis',
      body: 'Le message « {failedKind} » du dossier {reference} n’a pas pu être remis à {recipient}. Réponse du serveur de messagerie : {error}.',
      action:
        'Merci de corriger l’adresse dans l’annuaire du personnel ou de prévenir la personne autrement.',
    },
    family_waiting: {
      subject: '[{reference}] La famille attend le dossier {waitingOn}, en retard de {days} jours',
      heading: 'La famille est retenue par un autre dossier',
      body: 'Le dossier {reference} attend le reste de sa famille à l’étape « {step} ». La famille attend le dossier {waitingOn}, dont l’étape en cours est en retard de {days} jours.',
      action:
        'Merci de contacter la personne chargée du dossier {waitingOn}, ou de demander à un superviseur de libérer la famille.',
    },
  },
};
