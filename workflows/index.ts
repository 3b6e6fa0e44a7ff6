// Entry point of the workflow bundle: every workflow type the case worker runs.
export { caseWorkflow, caseWorkflowV2 } from './case.workflow';
export { familyWorkflow } from './family.workflow';
export { partnerFeedWorkflow } from './partner-feed.workflow';
export { migrationWorkflow } from './migration.workflow';
