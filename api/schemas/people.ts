// The people of a case (case composition): the principal applicant and the dependants, each
// with a relationship. Personal data: the response is the allow-list, and it is sealed at rest.
import { RELATIONSHIPS } from '../../definitions/vocabulary';
import { BirthDate, CaseId, text, z } from './common';

export const PersonId = z
  .string()
  .regex(/^P-[0-9A-Z]{10}$/, { message: 'must be a person id such as P-7K2Q9D4M1X' });
export const PersonParams = z.object({ caseId: CaseId, personId: PersonId }).strict();

const personFields = {
  givenName: text(200),
  familyName: text(200),
  birthDate: BirthDate.optional(),
  sex: z.enum(['female', 'male', 'other', 'unknown']).optional(),
  unaccompaniedChild: z.boolean().optional(),
};

export const AddPersonBody = z
  .object({ relationship: z.enum(RELATIONSHIPS), person: z.object(personFields).strict() })
  .strict()
  .openapi('AddPerson');
export const RemovePersonBody = z.object({}).strict();

const PersonView = z.object({
  id: z.string(),
  role: z.enum(['principal', 'dependant']),
  relationship: z.string(),
  person: z.object({ ...personFields, birthDate: z.string().optional() }).partial(),
  addedAt: z.string().optional(),
});

export const CasePeople = z.object({ caseId: z.string(), people: z.array(PersonView) }).openapi('CasePeople');
export type CasePeople = z.infer<typeof CasePeople>;
export type AddPersonBody = z.infer<typeof AddPersonBody>;
