// A CSV import planned row by row with the intake mapper: each row becomes a start-case body with
// an idempotency key (the mapping's key column, else a hash of the row), or the problems that
// refuse it. Re-running a file plans the same keys, so nothing starts twice. Pure.
import type { Problem } from '../../definitions/problems';
import type { StartCaseBody } from '../schemas/cases';
import type { CsvTable } from './csv';
import { answerOf, hashOf, mapSubmission } from './mapper';
import type { IntakeMapping } from './mapping';

export type PlannedRow =
  | { row: number; ok: true; idempotencyKey: string; body: StartCaseBody }
  | { row: number; ok: false; problems: Problem[] };

/** The key of a row: its key column's value when the sheet has that column, else a hash of its cells. */
export function rowKey(mapping: IntakeMapping, table: CsvTable, answers: Record<string, string>): string {
  if (table.header.includes(mapping.key)) return answerOf(answers, mapping.key) ?? '';
  return hashOf(JSON.stringify(table.header.map((name) => answers[name] ?? '')));
}

/** Plans every row of a sheet for a source name (the idempotency keys' and default references' prefix). */
export function planImport(mapping: IntakeMapping, table: CsvTable, source: string): PlannedRow[] {
  return table.rows.map(({ row, answers }) => {
    const key = rowKey(mapping, table, answers);
    if (!key)
      return { row, ok: false, problems: [{ path: 'key', message: `the column "${mapping.key}" is empty` }] };
    const mapped = mapSubmission(mapping, { ...answers, [mapping.key]: key }, source);
    if (!mapped.ok) return { row, ok: false, problems: mapped.problems };
    // Hashed: a key column may be personal (a registration number); the idempotency key is stored in clear.
    return {
      row,
      ok: true,
      idempotencyKey: `import:${source}:${hashOf(key).slice(0, 40)}`,
      body: mapped.body,
    };
  });
}
