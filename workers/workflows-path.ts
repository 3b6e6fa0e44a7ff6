// Where the worker's workflow code starts (bundled for the Temporal sandbox).
import { join } from 'node:path';

/** The workflow entry module: every workflow the case worker runs is exported from it. */
export const WORKFLOWS_PATH = join(__dirname, '..', 'workflows', 'index.ts');
