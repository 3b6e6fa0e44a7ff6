// Bundles the workflow code (webpack) and writes it to the file named by the first argument.
// Run as a child process by createCaseWorker: webpack's memory (about 130 MiB) then leaves
// with the child instead of staying in the worker's heap for its whole life.
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { WORKFLOWS_PATH } from './workflows-path';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: bundle-workflows <output file>');
  const noop = () => undefined;
  const logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger });
  writeFileSync(out, bundle.code);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bundling the workflow code failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
