// After the drills: the summary table (drill, cases, lost, duplicated, resent copies, time).
import { readFileSync } from 'node:fs';
import { printTable } from '../../bench/bundle';
import type { DrillRow } from './support';

export default async function summaryTeardown(): Promise<void> {
  const file = process.env.PATHWAYS_DRILL_SUMMARY;
  if (!file) return;
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as DrillRow);
  printTable(
    'Fault drills',
    rows.map((r) => ({
      drill: r.drill,
      cases: r.cases,
      lost: r.lost,
      duplicated: r.duplicated,
      'resent (same Message-ID)': r.resent ?? '–',
      time: `${r.seconds} s`,
    })),
  );
}
