// Spanish.
import type { PartialCatalog } from './catalog';

export const es: PartialCatalog = {
  locale: 'es-ES',
  direction: 'ltr',
  priorities: { emergency: 'emergencia', urgent: 'urgente', normal: 'normal' },
  common: {
    greeting: 'Hola, {name}:',
    greetingNoName: 'Hola:',
    caseLabel: 'Caso',
    stepLabel: 'Paso',
    dueLabel: 'Vencimiento',
    priorityLabel: 'Prioridad',
    openCase: 'Abrir el caso',
    noDueDate: 'sin fecha límite',
    noValue: '—',
    footer: 'Pathways envió este mensaje. No responda a él; actúe directamente en el caso.',
  },
  kinds: {
    task_assigned: {
      subject: '[{reference}] Nueva tarea para usted: {step}',
      heading: 'Se le ha asignado una tarea',
      body: 'El caso {reference} le espera en el paso «{step}».',
      action: 'Complete este paso antes del {due}, por favor.',
    },
    reminder_before_due: {
      subject: '[{reference}] Recordatorio: «{step}» vence pronto',
      heading: 'Un paso vence pronto',
      body: 'El paso «{step}» del caso {reference} vence el {due}.',
      action: 'Complételo antes de la fecha límite, por favor.',
    },
    due_today: {
      subject: '[{reference}] Vence hoy: {step}',
      heading: 'Un paso vence hoy',
      body: 'El paso «{step}» del caso {reference} vence hoy, {due}.',
      action: 'Complételo hoy o informe a su supervisor de lo que lo impide, por favor.',
    },
    overdue: {
      subject: '[{reference}] Vencido, se requiere acción: {step}',
      heading: 'Un paso está vencido',
      body: 'El paso «{step}» del caso {reference} vencía el {due} y aún no se ha completado.',
      action: 'Complételo cuanto antes o informe a su supervisor de lo que lo impide, por favor.',
    },
    escalation: {
      subject: '[{reference}] Escalamiento: «{step}» está vencido, haga el seguimiento',
      heading: 'Un paso vencido requiere su atención',
      body: 'El paso «{step}» del caso {reference} está vencido desde el {due}. Está asignado a {assignee}.',
      action: 'Haga el seguimiento con la persona asignada o reasigne el caso, por favor.',
    },
    case_on_hold: {
      subject: '[{reference}] Caso en espera',
      heading: 'El caso está en espera',
      body: 'El caso {reference} se puso en espera en el paso «{step}». El motivo figura en el caso.',
      action: 'No se requiere ninguna acción hasta que se reanude el caso.',
    },
    case_resumed: {
      subject: '[{reference}] Caso reanudado, continúe: {step}',
      heading: 'El caso se ha reanudado',
      body: 'El caso {reference} vuelve a estar activo en el paso «{step}».',
      action: 'Continúe el trabajo en este paso antes del {due}, por favor.',
    },
    case_reassigned: {
      subject: '[{reference}] Caso reasignado a {assignee}, revíselo',
      heading: 'El caso tiene un nuevo responsable',
      body: 'El caso {reference} está ahora asignado a {assignee}. Paso actual: «{step}».',
      action: 'Revise el caso y su paso abierto, por favor.',
    },
    case_closed: {
      subject: '[{reference}] Caso cerrado ({reason})',
      heading: 'El caso está cerrado',
      body: 'El caso {reference} se ha cerrado. Motivo: {reason}.',
      action: 'No se requiere ninguna otra acción.',
    },
    step_entered: {
      subject: '[{reference}] Nuevo paso, revíselo: {step}',
      heading: 'El caso ha pasado a un nuevo paso',
      body: 'El caso {reference} ha pasado al paso «{step}».',
      action: 'Revise el caso, por favor; el paso vence el {due}.',
    },
    step_completed: {
      subject: '[{reference}] Paso completado: {step} ({outcome})',
      heading: 'Un paso se ha completado',
      body: 'El paso «{step}» del caso {reference} se completó con el resultado «{outcome}».',
      action: 'No se requiere ninguna acción, salvo que el siguiente paso le corresponda a usted.',
    },
    partner_update: {
      subject: '[{reference}] Actualización del estado del caso: {status}',
      heading: 'Actualización del estado del caso',
      body: 'El estado del caso {reference} es ahora: {status} ({event}, {at}).',
      action: 'Actualice sus registros, por favor. Nunca se envían datos personales por correo electrónico.',
    },
    partner_delivery_failed: {
      subject: '[{reference}] Actualización no entregada al socio {partner}, revísela',
      heading: 'No se pudo entregar una actualización a un socio',
      body: 'La actualización {event} del caso {reference} no se pudo entregar a {partner} tras {attempts} intentos. Último error: {error}.',
      action:
        'Revise el webhook del socio y vuelva a enviar la actualización desde la lista de entregas fallidas.',
    },
    delivery_failed: {
      subject: '[{reference}] Correo no entregado a {recipient}, revíselo',
      heading: 'No se pudo entregar un correo electrónico',
      body: 'El mensaje «{failedKind}» del caso {reference} no se pudo entregar a {recipient}. El servidor de correo respondió: {error}.',
      action:
        'Corrija la dirección en el directorio del personal o avise a la persona por otra vía, por favor.',
    },
    family_waiting: {
      subject: '[{reference}] La familia espera el caso {waitingOn}, con {days} días de retraso',
      heading: 'Otro caso retiene a la familia',
      body: 'El caso {reference} espera al resto de su familia en el paso «{step}». La familia espera el caso {waitingOn}, cuyo paso actual lleva {days} días de retraso.',
      action:
        'Contacte con la persona a cargo del caso {waitingOn} o pida a un supervisor que libere a la familia.',
    },
  },
};
