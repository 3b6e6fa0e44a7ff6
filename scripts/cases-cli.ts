// `npm run cases -- import cases.csv --mapping m.yaml [--source name] [--dry-run]` starts a case per
// row of a spreadsheet export through the API (POST /v1/cases), idempotently: each row's
// Idempotency-Key comes from its key column or a hash of its cells, so a re-run starts none twice.
// Prints progress on stderr and a report of refused rows (row, column, reason; never a value).
// `npm run cases -- retention [--now <instant>]`: the retention sweep (scripts/retention-command.ts).
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { parseCsv, CsvError } from '../api/intake/csv';
import { planImport, type PlannedRow } from '../api/intake/import-plan';
import { readMapping } from '../api/intake/mapping';
import { formatProblem, type Problem } from '../definitions/problems';
import { retentionCommand } from './retention-command';

const Env = z.object({
  PATHWAYS_API_URL: z.string().url().optional(),
  API_PORT: z.coerce.number().int().default(3000),
  PATHWAYS_API_KEY: z.string().min(1).optional(),
});

type Outcome = 'started' | 'existing' | 'refused';

function progress(done: number, total: number): void {
  if (!process.stderr.isTTY) {
    if (done === total || done % Math.max(1, Math.ceil(total / 10)) === 0)
      process.stderr.write(`imported ${done}/${total}\n`);
    return;
  }
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stderr.write('\n');
}

async function startRow(
  api: string,
  key: string,
  row: PlannedRow & { ok: true },
): Promise<[Outcome, Problem[]]> {
  const res = await fetch(`${api}/v1/cases`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${key}`,
      'idempotency-key': row.idempotencyKey,
    },
    body: JSON.stringify(row.body),
  });
  if (res.status === 201) return ['started', []];
  if (res.status === 200) return ['existing', []];
  const body = (await res.json().catch(() => ({}))) as {
    error?: { message?: string; details?: { issues?: Problem[] } };
  };
  if ([400, 403, 404, 409, 422].includes(res.status)) {
    const issues = body.error?.details?.issues;
    return [
      'refused',
      issues?.length ? issues : [{ path: 'case', message: body.error?.message ?? `HTTP ${res.status}` }],
    ];
  }
  throw new Error(
    `the API answered ${res.status}: ${body.error?.message ?? res.statusText}; re-run to continue (nothing starts twice)`,
  );
}

const program = new Command('cases').description('Pathways cases');

program
  .command('import')
  .argument('<file>', 'a CSV file whose header row names the columns')
  .requiredOption('--mapping <file>', 'the intake mapping (YAML): columns play the role of answers')
  .option(
    '--source <name>',
    'names this import in idempotency keys and default references (default: the mapping file name)',
  )
  .option('--dry-run', 'map every row and report, start nothing')
  .action(async (file: string, opts: { mapping: string; source?: string; dryRun?: boolean }) => {
    const env = Env.parse(process.env);
    const read = readMapping(readFileSync(opts.mapping, 'utf8'));
    if (!read.ok) {
      console.error(`invalid  ${basename(opts.mapping)}: ${read.problems.length} problems`);
      for (const problem of read.problems) console.error(`  ${formatProblem(problem)}`);
      process.exit(2);
    }
    const source = opts.source ?? basename(opts.mapping, extname(opts.mapping));
    if (!/^[a-z][a-z0-9-]{1,26}$/.test(source)) {
      console.error('--source (or the mapping file name) must be 2–27 lowercase letters, digits or -');
      process.exit(2);
    }
    let table;
    try {
      table = parseCsv(readFileSync(file, 'utf8'));
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      console.error(`not a CSV file: ${err.message}`);
      process.exit(2);
    }
    const plan = planImport(read.mapping, table, source);
    const api = env.PATHWAYS_API_URL ?? `http://127.0.0.1:${env.API_PORT}`;
    if (!opts.dryRun && !env.PATHWAYS_API_KEY) {
      console.error(
        'set PATHWAYS_API_KEY to a caseworker, supervisor or admin key (not on the command line)',
      );
      process.exit(2);
    }
    const counts: Record<Outcome, number> = { started: 0, existing: 0, refused: 0 };
    const refused: { row: number; problems: Problem[] }[] = [];
    let ready = 0;
    for (const [index, row] of plan.entries()) {
      let outcome: Outcome = 'refused';
      let problems: Problem[] = row.ok ? [] : row.problems;
      if (row.ok && opts.dryRun) ready += 1;
      else if (row.ok) [outcome, problems] = await startRow(api, env.PATHWAYS_API_KEY!, row);
      if (!row.ok || outcome === 'refused') refused.push({ row: row.row, problems });
      if (row.ok && !opts.dryRun) counts[outcome] += 1;
      if (!row.ok) counts.refused += 1;
      progress(index + 1, plan.length);
    }
    for (const { row, problems } of refused)
      for (const problem of problems) console.log(`row ${row}  ${formatProblem(problem)}`);
    console.log(
      opts.dryRun
        ? `dry run: ${ready} rows would start a case (or find theirs), ${counts.refused} refused`
        : `${counts.started} started, ${counts.existing} already there, ${counts.refused} refused`,
    );
    process.exitCode = refused.length > 0 ? 1 : 0;
  });

retentionCommand(program);

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
