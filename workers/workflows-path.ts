// Where the worker's workflow code starts (bundled for the Temporal sandbox).
import { extname, join } from 'node:path';

/**
 * The workflow entry module: every workflow the case worker runs is exported from it. Beside
 * this file's own kind: the TypeScript source under tsx, the compiled JavaScript in dist/.
 */
export const WORKFLOWS_PATH = join(__dirname, '..', 'workflows', `index${extname(__filename)}`);
