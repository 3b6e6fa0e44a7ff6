// Temporal servers for the test tiers: the time-skipping test server for workflow tests, the
// real dev server (`temporal server start-dev`) for integration tests. Both come from
// lib/temporal-binaries.ts; if neither can be found the suite fails with the reason.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { findTemporalBinary } from '../../lib/temporal-binaries';
import { CASE_SEARCH_ATTRIBUTES } from '../../contract/search-attributes';
import { SearchAttributeType } from '@temporalio/common';
import { WORKFLOWS_PATH } from '../../workers/workflows-path';

/** Starts a time-skipping test server (one per suite: skipped time is global to it). */
export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const executable = findTemporalBinary('test-server');
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
}

/** Starts a real dev server with the project's namespace and search attributes (in memory). */
export async function devServerEnvironment(namespace = 'default'): Promise<TestWorkflowEnvironment> {
  const executable = findTemporalBinary('cli');
  const searchAttributes = Object.entries(CASE_SEARCH_ATTRIBUTES).map(([name, type]) => ({
    name,
    type: type === 'Keyword' ? SearchAttributeType.KEYWORD : SearchAttributeType.DATETIME,
  }));
  return TestWorkflowEnvironment.createLocal({
    server: { executable, namespace, searchAttributes, ui: false },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundles the workflow code once per test process. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger() });
  return bundle;
}

function quietLogger() {
  const noop = () => undefined;
  return { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };
}
