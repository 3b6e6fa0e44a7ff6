// Lint rules that hold the architecture: workflow code is deterministic and bundled for the
// Temporal sandbox, so it imports only from an allow-list (scripts/lint/workflow-imports.mjs)
// and never drops a promise on the floor.
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import workflowSandbox from './scripts/lint/workflow-imports.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));

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
    plugins: { 'workflow-sandbox': workflowSandbox },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      // @temporalio/common's root is what @temporalio/workflow itself imports (its
      // lib/internal-non-workflow is not, hence no subpaths); zod is plain JavaScript.
      'workflow-sandbox/imports': [
        'error',
        {
          root,
          packages: ['@temporalio/workflow', '@temporalio/common', 'zod'],
          folders: ['workflows', 'contract', 'definitions'],
          linted: 'workflows',
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        module: 'writable',
        require: 'readonly',
      },
    },
  },
);
