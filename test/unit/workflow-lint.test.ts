// The workflow sandbox lint rule, fed real files in workflows/ and workflows/machine/: what
// workflow code may import is an allow-list, resolved from the importing file (so depth does
// not matter), and a dropped promise is refused. Runs the project's own ESLint config.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const probe = `lint-probe-${process.pid}`;

interface Linted {
  filePath: string;
  messages: { ruleId: string | null; line: number; message: string }[];
}

const BUILTIN = (s: string) =>
  `'${s}' is a Node built-in: workflow code runs in the Temporal sandbox, which has none (do it in an activity).`;
const PACKAGE = (s: string) =>
  `'${s}' is not on the workflow allow-list (@temporalio/workflow, @temporalio/common, zod): reach Node-only code through an activity, or use \`import type\`.`;
const OUTSIDE = (s: string) =>
  `'${s}' leaves workflows/, contract/, definitions/: workflow code imports values only from there (types from anywhere, with \`import type\`).`;
const IMPURE = (s: string, reason: string) =>
  `'${s}' is not workflow-safe: ${reason} (use \`import type\`, or move the pure part).`;
const FLOATING =
  'Promises must be awaited, end with a call to .catch, end with a call to .then with a rejection handler or be explicitly marked as ignored with the `void` operator.';

// Each probe: where it lives, its source, and the messages expected (line → message).
const probes: { name: string; dir: string; code: string; refused: [number, string][] }[] = [
  {
    name: 'fs',
    dir: 'workflows/machine',
    code: "import { readFileSync } from 'fs';\nexport const read = readFileSync;\n",
    refused: [[1, BUILTIN('fs')]],
  },
  {
    name: 'node-crypto',
    dir: 'workflows/machine',
    code: "import { randomUUID } from 'node:crypto';\nexport const id = randomUUID;\n",
    refused: [[1, BUILTIN('node:crypto')]],
  },
  {
    name: 'fs-top',
    dir: 'workflows',
    code: "import { promises } from 'fs';\nexport const fs = promises;\n",
    refused: [[1, BUILTIN('fs')]],
  },
  {
    name: 'prisma',
    dir: 'workflows/machine',
    code: "import { PrismaClient } from '@prisma/client';\nexport const client = PrismaClient;\n",
    refused: [[1, PACKAGE('@prisma/client')]],
  },
  {
    name: 'express',
    dir: 'workflows/machine',
    code: "import express from 'express';\nexport const app = express;\n",
    refused: [[1, PACKAGE('express')]],
  },
  {
    name: 'express-top',
    dir: 'workflows',
    code: "import express from 'express';\nexport const app = express;\n",
    refused: [[1, PACKAGE('express')]],
  },
  {
    name: 'worker-subpath',
    dir: 'workflows',
    code: "import * as internals from '@temporalio/common/lib/internal-non-workflow';\nexport const x = internals;\n",
    refused: [[1, PACKAGE('@temporalio/common/lib/internal-non-workflow')]],
  },
  {
    name: 'activities',
    dir: 'workflows/machine',
    code: "import { projectionActivities } from '../../activities/projection';\nexport { postWebhook } from '../../activities/partners/webhook';\nexport const make = projectionActivities;\n",
    refused: [
      [1, OUTSIDE('../../activities/projection')],
      [2, OUTSIDE('../../activities/partners/webhook')],
    ],
  },
  {
    name: 'lib',
    dir: 'workflows/machine',
    code: "import { database } from '../../lib/database';\nexport const db = database;\n",
    refused: [[1, OUTSIDE('../../lib/database')]],
  },
  {
    name: 'lib-top',
    dir: 'workflows',
    code: "export * from '../lib/config';\n",
    refused: [[1, OUTSIDE('../lib/config')]],
  },
  {
    name: 'definitions-io',
    dir: 'workflows/machine',
    code: "import { publishAll } from '../../definitions/load';\nimport { parseDefinitionText } from '../../definitions/source';\nexport const all = [publishAll, parseDefinitionText];\n",
    refused: [
      [1, IMPURE('../../definitions/load', "definitions/load.ts imports 'node:fs'")],
      [2, IMPURE('../../definitions/source', "definitions/source.ts → definitions/yaml.ts imports 'yaml'")],
    ],
  },
  {
    name: 'dynamic',
    dir: 'workflows/machine',
    code: "export async function read(): Promise<unknown> {\n  const fs = await import('fs');\n  return [fs, require('child_process')];\n}\n",
    refused: [
      [2, BUILTIN('fs')],
      [3, 'A `require()` style import is forbidden.'],
      [3, BUILTIN('child_process')],
    ],
  },
  {
    name: 'floating',
    dir: 'workflows/machine',
    code: "import { sleep } from '@temporalio/workflow';\nexport async function wait(): Promise<void> {\n  sleep('1 day');\n}\n",
    refused: [[3, FLOATING]],
  },
  {
    name: 'allowed',
    dir: 'workflows/machine',
    code: [
      "import { condition, sleep } from '@temporalio/workflow';",
      "import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';",
      "import { z } from 'zod';",
      "import { ownValue } from '../../definitions/own';",
      "import { Step } from '../../definitions/schema';",
      "import { currentStep } from './state';",
      "import { caseWorkflow } from '../case.workflow';",
      "import type { Stats } from 'node:fs';",
      "import type { Database } from '../../lib/database';",
      "import { type Principal } from '../../api/access/roles';",
      "export type { CaseFacts } from '../../activities/contract';",
      'export type Seen = [Stats, Database, Principal];',
      'export const parts = [condition, defineSearchAttributeKey, SearchAttributeType, z, ownValue, Step, currentStep, caseWorkflow];',
      'export async function wait(): Promise<void> {',
      "  await sleep('1 day');",
      "  void sleep('2 days');",
      '}',
      '',
    ].join('\n'),
    refused: [],
  },
  {
    name: 'allowed-top',
    dir: 'workflows',
    code: "import { proxyActivities } from '@temporalio/workflow';\nimport { CaseStatusKey } from './search-attributes';\nexport const both = [proxyActivities, CaseStatusKey];\n",
    refused: [],
  },
];

test('workflow code imports only from the allow-list, at any depth, and awaits its promises', () => {
  const snippets = probes.map((p) => ({ filePath: `${p.dir}/${probe}-${p.name}.ts`, code: p.code }));
  const child = spawnSync(process.execPath, [join(ROOT, 'test', 'support', 'lint-snippets.mjs')], {
    cwd: ROOT,
    input: JSON.stringify(snippets),
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  const linted = JSON.parse(child.stdout) as Linted[];
  const got = linted.map((l) => ({ file: l.filePath, refused: l.messages.map((m) => [m.line, m.message]) }));
  const want = probes.map((p) => ({ file: `${p.dir}/${probe}-${p.name}.ts`, refused: p.refused }));
  expect(got).toEqual(want);
}, 300_000);
