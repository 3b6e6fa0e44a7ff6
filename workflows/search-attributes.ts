// Search attributes of a case workflow. Non-personal only: Temporal's payload codec does not
// encrypt search attributes, so nothing here may identify a person.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
