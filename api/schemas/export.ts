// The subject access export: everything Pathways holds about one case's people, as one JSON.
import { z } from 'zod';

const when = z.string().nullable();
const personal = z.record(z.string(), z.unknown());

export const CaseExport = z
  .object({
    exportedAt: z.string(),
    case: z.object({
      id: z.string(),
      reference: z.string(),
      program: z.string(),
      country: z.string(),
      definitionId: z.string(),
      definitionVersion: z.number(),
      priority: z.string(),
      status: z.string(),
      currentStep: z.string().nullable(),
      assignee: z.string(),
      dueAt: when,
      holdReason: z.string().nullable(),
      closureReason: z.string().nullable(),
      openedAt: z.string(),
      closedAt: when,
    }),
    /** The principal applicant as given at the start (sealed at rest). */
    applicant: personal.nullable(),
    /** The case's other people (dependants), removed ones included: they were held. */
    people: z.array(
      z.object({
        id: z.string(),
        relationship: z.string(),
        person: personal,
        addedBy: z.string(),
        addedAt: z.string(),
        removedBy: z.string().nullable(),
        removedAt: when,
      }),
    ),
    steps: z.array(
      z.object({
        visit: z.number(),
        step: z.string(),
        enteredAt: z.string(),
        dueAt: when,
        leftAt: when,
        outcome: z.string().nullable(),
        actor: z.string().nullable(),
      }),
    ),
    history: z.array(
      z.object({
        kind: z.string(),
        step: z.string().nullable(),
        visit: z.number().nullable(),
        outcome: z.string().nullable(),
        actor: z.string().nullable(),
        detail: z.unknown(),
        occurredAt: z.string(),
      }),
    ),
    /** Messages sent about the case (the notification log; bodies are not kept). */
    messages: z.array(
      z.object({
        kind: z.string(),
        recipient: z.string(),
        language: z.string(),
        subject: z.string(),
        status: z.string(),
        createdAt: z.string(),
        sentAt: when,
      }),
    ),
    partners: z.array(
      z.object({
        partnerId: z.string(),
        name: z.string(),
        role: z.string(),
        consent: z.array(z.string()),
        /** The personal fields the partner's profile asks for (sent only with case_updates consent). */
        personalFields: z.array(z.string()),
        events: z.array(
          z.object({
            id: z.string(),
            type: z.string(),
            sequence: z.number(),
            status: z.string(),
            createdAt: z.string(),
            deliveredAt: when,
            /** The event's case facts as recorded for the partner. */
            body: z.unknown(),
            /** Personal fields still held for an event not yet delivered (dropped once delivered). */
            personal: personal.optional(),
          }),
        ),
      }),
    ),
  })
  .strict()
  .openapi('CaseExport');

export type CaseExport = z.infer<typeof CaseExport>;
