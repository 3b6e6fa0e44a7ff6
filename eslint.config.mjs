// Lint rules that hold the architecture: workflow code is deterministic and bundled for the
// Temporal sandbox, so it may not import Node builtins or Node-only packages.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeOnly = [
  'node:*', 'fs', 'fs/*', 'path', 'crypto', 'child_process', 'http', 'https', 'net', 'os', 'stream',
  'nodemailer', 'pg', 'express', '@prisma/*', '@temporalio/client', '@temporalio/worker',
  '@temporalio/activity', '../activities', '../activities/*', '../lib/*', '../api/*',
  '../definitions/load', '../definitions/store',
];

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', '.data/', 'generated/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      // `import type` is erased before bundling, so the activity contracts stay importable.
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          group: nodeOnly, allowTypeImports: true,
          message: 'Workflow code runs in the Temporal sandbox: no Node-only imports (use activities).',
        }],
      }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly' } } },
);
