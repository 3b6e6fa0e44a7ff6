// Family groups in the API: linked cases that move together on joint steps. One zod module for
// the resource; the response is also the allow-list (ids, countries, steps, dates: nothing personal).
import { z } from 'zod';
import { FamilyId as FamilyIdSchema } from '../../contract/family';
import { CaseId, IsoDateTime, text } from './common';

export const FamilyId = FamilyIdSchema.openapi({ example: 'FAM-7K2Q9D4M' });
export const FamilyIdParams = z.object({ familyId: FamilyId }).strict();
export const FamilyMemberParams = z.object({ familyId: FamilyId, caseId: CaseId }).strict();

/** A family reference is not personal: a file number, never a family name. */
export const CreateFamilyBody = z
  .object({
    reference: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{1,59}$/, {
      message: 'must be a non-personal reference such as KE-FAM-2026-014 (letters, digits, . _ / -)',
    }),
  })
  .strict();
export const AddMemberBody = z.object({ caseId: CaseId }).strict();
export const RemoveMemberBody = z.object({ reason: text(500).optional() }).strict();
export const MergeBody = z.object({ into: FamilyId }).strict();
export const ReleaseBody = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, { message: 'must be a joint key such as departure' })
      .max(64),
    reason: text(500),
  })
  .strict();

const FamilyMemberView = z.object({
  caseId: z.string(),
  country: z.string(),
  definitionId: z.string(),
  status: z.string(),
  currentStep: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  closed: z.boolean(),
  /** The joint key this member waits at (status "waiting for family"), or null. */
  waitingFor: z.string().nullable(),
  waitingSince: z.string().nullable(),
  joinedAt: z.string(),
});

export const FamilyResponse = z
  .object({
    id: z.string(),
    reference: z.string(),
    status: z.enum(['active', 'merged']),
    mergedInto: z.string().nullable(),
    createdAt: IsoDateTime,
    createdBy: z.string(),
    /** The members the caller may see (the others are counted in hiddenMembers). */
    members: z.array(FamilyMemberView),
    hiddenMembers: z.number().int(),
    barriers: z.array(
      z.object({
        key: z.string(),
        waiting: z.array(z.string()),
        /** The members the family waits on at this key (visible ones; hiddenWaitingOn counts the rest). */
        waitingOn: z.array(z.string()),
        hiddenWaitingOn: z.number().int(),
      }),
    ),
    releases: z.array(
      z.object({
        key: z.string(),
        at: z.string(),
        cause: z.string(),
        by: z.string(),
        reason: z.string().optional(),
        members: z.array(z.string()),
      }),
    ),
  })
  .openapi('Family');
export type FamilyResponse = z.infer<typeof FamilyResponse>;
