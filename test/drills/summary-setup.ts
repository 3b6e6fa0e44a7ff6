// Before the drills: a fresh file where each drill appends its row for the summary table.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function summarySetup(): Promise<void> {
  const file = join(mkdtempSync(join(tmpdir(), 'pathways-drills-')), 'summary.jsonl');
  writeFileSync(file, '');
  process.env.PATHWAYS_DRILL_SUMMARY = file;
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
}
