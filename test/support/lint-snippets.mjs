// Lints source snippets with the project's own ESLint config (ESLint class API), each written
// for the time of the run as a real file at its path (typed linting only sees files on disk),
// and prints the messages as JSON. A child process of the lint test: ESLint loads its flat
// config with import(), which jest's module sandbox does not allow.
// stdin: [{ "filePath": "workflows/machine/x.ts", "code": "…" }]; stdout: [{ filePath, messages: [{ ruleId, line, message }] }].
import { ESLint } from 'eslint';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';

const cwd = fileURLToPath(new URL('../..', import.meta.url));
const snippets = JSON.parse(await text(process.stdin));
const written = [];
try {
  for (const { filePath, code } of snippets) {
    const file = join(cwd, filePath);
    if (existsSync(file)) throw new Error(`${filePath} exists: a probe never overwrites a real file`);
    writeFileSync(file, code);
    written.push(file);
  }
  const results = await new ESLint({ cwd }).lintFiles(snippets.map((s) => s.filePath));
  const byPath = new Map(results.map((r) => [r.filePath, r]));
  process.stdout.write(
    JSON.stringify(
      snippets.map(({ filePath }) => ({
        filePath,
        messages: byPath
          .get(join(cwd, filePath))
          .messages.map(({ ruleId, line, message }) => ({ ruleId, line, message })),
      })),
    ),
  );
} finally {
  for (const file of written) rmSync(file, { force: true });
}
