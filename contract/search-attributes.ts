// Search attributes of a case workflow. Non-personal only: Temporal's payload codec does not
// encrypt search attributes, so nothing here may identify a person. One builder turns a case's
// attributes into key/value pairs, for the start (API) and for every upsert (workflow).
import {
  defineSearchAttributeKey,
  SearchAttributeType,
  TypedSearchAttributes,
  type SearchAttributePair,
  type SearchAttributeUpdatePair,
} from '@temporalio/common';
import type { CaseStatus } from './case-view';

export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const CaseProgramKey = defineSearchAttributeKey('CaseProgram', SearchAttributeType.KEYWORD);
export const CaseCountryKey = defineSearchAttributeKey('CaseCountry', SearchAttributeType.KEYWORD);
export const CaseStepKey = defineSearchAttributeKey('CaseStep', SearchAttributeType.KEYWORD);
export const CasePriorityKey = defineSearchAttributeKey('CasePriority', SearchAttributeType.KEYWORD);
export const CaseDueAtKey = defineSearchAttributeKey('CaseDueAt', SearchAttributeType.DATETIME);

/** Name → type, as `temporal server start-dev --search-attribute` and the operator CLI want them. */
export const CASE_SEARCH_ATTRIBUTES: Record<string, 'Keyword' | 'Datetime'> = {
  CaseStatus: 'Keyword',
  CaseProgram: 'Keyword',
  CaseCountry: 'Keyword',
  CaseStep: 'Keyword',
  CasePriority: 'Keyword',
  CaseDueAt: 'Datetime',
};

/** Non-personal search attributes of the case workflow. */
export interface CaseSearchAttributes {
  status: CaseStatus;
  program: string;
  country: string;
  step: string | null;
  priority: string;
  dueAt: string | null;
}

/** The attributes as update pairs: a null value removes the attribute (no step, no deadline). */
export function caseSearchAttributePairs(a: CaseSearchAttributes): SearchAttributeUpdatePair[] {
  return [
    { key: CaseStatusKey, value: a.status },
    { key: CaseProgramKey, value: a.program },
    { key: CaseCountryKey, value: a.country || null },
    { key: CaseStepKey, value: a.step },
    { key: CasePriorityKey, value: a.priority },
    { key: CaseDueAtKey, value: a.dueAt === null ? null : new Date(a.dueAt) },
  ];
}

/**
 * The attributes a current case (`caseWorkflowV2`) keeps in Temporal's visibility: those that
 * seldom change. Step and due date change with nearly every transition, and an upsert is a
 * visibility write each time; they are in the API's lists (PostgreSQL), not here. Null removes.
 */
export function settledCaseSearchAttributePairs(a: CaseSearchAttributes): SearchAttributeUpdatePair[] {
  return caseSearchAttributePairs({ ...a, step: null, dueAt: null });
}

/** The settled pairs whose value differs from the workflow's `current` attributes (what to upsert). */
export function settledAttributeChanges(
  a: CaseSearchAttributes,
  current: TypedSearchAttributes,
): SearchAttributeUpdatePair[] {
  // The settled attributes are keywords (or removed): strings compare by value.
  return settledCaseSearchAttributePairs(a).filter((pair) => (current.get(pair.key) ?? null) !== pair.value);
}

/** The attributes a current case's workflow is started with: the settled pairs that have a value. */
export function caseStartSearchAttributes(a: CaseSearchAttributes): TypedSearchAttributes {
  return new TypedSearchAttributes(
    settledCaseSearchAttributePairs(a).filter((p): p is SearchAttributePair => p.value !== null),
  );
}
