// Arabic: rendered right-to-left.
import type { PartialCatalog } from './catalog';

export const ar: PartialCatalog = {
  locale: 'ar',
  direction: 'rtl',
  priorities: { emergency: 'طارئ', urgent: 'عاجل', normal: 'عادي' },
  common: {
    greeting: 'مرحبًا {name}،',
    greetingNoName: 'مرحبًا،',
    caseLabel: 'الملف',
    stepLabel: 'المرحلة',
    dueLabel: 'الموعد النهائي',
    priorityLabel: 'الأولوية',
    openCase: 'فتح الملف',
    noDueDate: 'بدون موعد نهائي',
    noValue: '—',
    footer: 'أُرسلت هذه الرسالة من Pathways. يُرجى عدم الرد عليها، والعمل مباشرة في الملف.',
  },
  kinds: {
    task_assigned: {
      subject: '[{reference}] مهمة جديدة لك: {step}',
      heading: 'أُسندت إليك مهمة',
      body: 'الملف {reference} بانتظارك في مرحلة «{step}».',
      action: 'يُرجى إنجاز هذه المرحلة قبل {due}.',
    },
    reminder_before_due: {
      subject: '[{reference}] تذكير: موعد «{step}» يقترب',
      heading: 'موعد إحدى المراحل يقترب',
      body: 'الموعد النهائي لمرحلة «{step}» في الملف {reference} هو {due}.',
      action: 'يُرجى إنجازها قبل الموعد النهائي.',
    },
    due_today: {
      subject: '[{reference}] الموعد النهائي اليوم: {step}',
      heading: 'موعد إحدى المراحل اليوم',
      body: 'الموعد النهائي لمرحلة «{step}» في الملف {reference} هو اليوم، {due}.',
      action: 'يُرجى إنجازها اليوم أو إبلاغ المشرف بما يعيقها.',
    },
    overdue: {
      subject: '[{reference}] متأخرة، مطلوب إجراء: {step}',
      heading: 'إحدى المراحل متأخرة',
      body: 'كان الموعد النهائي لمرحلة «{step}» في الملف {reference} هو {due}، ولم تُنجَز بعد.',
      action: 'يُرجى إنجازها في أقرب وقت أو إبلاغ المشرف بما يعيقها.',
    },
    escalation: {
      subject: '[{reference}] تصعيد: مرحلة «{step}» متأخرة، يُرجى المتابعة',
      heading: 'مرحلة متأخرة تحتاج إلى اهتمامك',
      body: 'مرحلة «{step}» في الملف {reference} متأخرة منذ {due}. وهي مُسندة إلى {assignee}.',
      action: 'يُرجى المتابعة مع الشخص المسؤول أو إعادة إسناد الملف.',
    },
    case_on_hold: {
      subject: '[{reference}] تعليق الملف',
      heading: 'الملف معلّق',
      body: 'عُلّق الملف {reference} في مرحلة «{step}». السبب مدوَّن في الملف.',
      action: 'لا حاجة إلى أي إجراء حتى يُستأنف الملف.',
    },
    case_resumed: {
      subject: '[{reference}] استئناف الملف، يُرجى المتابعة: {step}',
      heading: 'استُؤنف الملف',
      body: 'عاد الملف {reference} نشطًا في مرحلة «{step}».',
      action: 'يُرجى مواصلة العمل على هذه المرحلة قبل {due}.',
    },
    case_reassigned: {
      subject: '[{reference}] أُعيد إسناد الملف إلى {assignee}، يُرجى الاطلاع',
      heading: 'للملف مسؤول جديد',
      body: 'أصبح الملف {reference} مُسندًا إلى {assignee}. المرحلة الحالية: «{step}».',
      action: 'يُرجى الاطلاع على الملف ومرحلته المفتوحة.',
    },
    case_closed: {
      subject: '[{reference}] إغلاق الملف ({reason})',
      heading: 'الملف مغلق',
      body: 'أُغلق الملف {reference}. السبب: {reason}.',
      action: 'لا حاجة إلى أي إجراء آخر.',
    },
    step_entered: {
      subject: '[{reference}] مرحلة جديدة، يُرجى المراجعة: {step}',
      heading: 'انتقل الملف إلى مرحلة جديدة',
      body: 'انتقل الملف {reference} إلى مرحلة «{step}».',
      action: 'يُرجى مراجعة الملف؛ الموعد النهائي لهذه المرحلة هو {due}.',
    },
    step_completed: {
      subject: '[{reference}] اكتملت المرحلة: {step} ({outcome})',
      heading: 'اكتملت إحدى المراحل',
      body: 'اكتملت مرحلة «{step}» في الملف {reference} بالنتيجة «{outcome}».',
      action: 'لا حاجة إلى أي إجراء ما لم تكن المرحلة التالية من مسؤوليتك.',
    },
    partner_update: {
      subject: '[{reference}] تحديث حالة الملف: {status}',
      heading: 'تحديث حالة الملف',
      body: 'أصبحت حالة الملف {reference}: {status} ({event}، {at}).',
      action: 'يُرجى تحديث سجلاتكم. لا تُرسَل البيانات الشخصية عبر البريد الإلكتروني أبدًا.',
    },
    partner_delivery_failed: {
      subject: '[{reference}] تعذّر تسليم التحديث إلى الشريك {partner}، يُرجى التحقق',
      heading: 'تعذّر تسليم تحديث إلى أحد الشركاء',
      body: 'تعذّر تسليم التحديث {event} الخاص بالملف {reference} إلى {partner} بعد {attempts} محاولات. آخر خطأ: {error}.',
      action:
        'يُرجى التحقق من عنوان الـ webhook لدى الشريك، ثم إعادة إرسال التحديث من قائمة الرسائل المتعذّر تسليمها.',
    },
    delivery_failed: {
      subject: '[{reference}] تعذّر تسليم بريد إلكتروني إلى {recipient}، يُرجى التحقق',
      heading: 'تعذّر تسليم بريد إلكتروني',
      body: 'تعذّر تسليم رسالة «{failedKind}» الخاصة بالملف {reference} إلى {recipient}. ردّ خادم البريد: {error}.',
      action: 'يُرجى تصحيح العنوان في دليل الموظفين أو إبلاغ الشخص بطريقة أخرى.',
    },
    family_waiting: {
      subject: '[{reference}] الأسرة تنتظر الملف {waitingOn}، متأخر {days} أيام',
      heading: 'ملف آخر يؤخر الأسرة',
      body: 'الملف {reference} ينتظر بقية أسرته في الخطوة «{step}». الأسرة تنتظر الملف {waitingOn}، وخطوته الحالية متأخرة {days} أيام.',
      action: 'يرجى التواصل مع المسؤول عن الملف {waitingOn}، أو الطلب من مشرف الإفراج عن الأسرة يدويًا.',
    },
  },
};
