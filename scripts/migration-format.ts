// How the migration CLI prints a dry run: the summary counts first, then one line per case.
import type { DryRunReport } from '../api/schemas/migrations';
import type { MigrationProgress } from '../contract/migration';

/** The dry run as text a program manager reads in a terminal. */
export function formatDryRun(report: DryRunReport): string {
  const { summary } = report;
  const reasons = Object.entries(summary.byReason)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => `  ${String(count).padStart(6)}  ${reason}`);
  const lines = [
    `${report.definitionId} v${report.from} → v${report.to} (due dates: ${report.dueDates})`,
    `${String(summary.cases).padStart(8)}  live cases`,
    `${String(summary.movable).padStart(8)}  can move`,
    `${String(summary.cannotMove).padStart(8)}  cannot move`,
    ...reasons,
    `${String(summary.remindersAtOnce).padStart(8)}  reminders sent at once, to ${summary.caseworkersReminded} people${
      summary.rolesReminded.length > 0 ? ` and ${summary.rolesReminded.join(', ')}` : ''
    }`,
    '',
    'case                      step                           due                       reminders at once / reason',
  ];
  for (const c of report.cases) {
    const step = c.movable ? `${c.fromStep} → ${c.toStep}` : (c.fromStep ?? '—');
    const due = c.movable ? (c.dueAt ?? 'no deadline') : 'cannot move';
    const tail = c.movable
      ? c.remindersAtOnce.map((r) => `${r.rule} → ${r.to}`).join(', ')
      : `${c.reason}: ${c.message}`;
    lines.push(`${c.caseId.padEnd(25)} ${step.padEnd(30)} ${due.padEnd(25)} ${tail}`);
  }
  return lines.join('\n');
}

/** A migration's progress: the counts, then each case skipped and why. */
export function formatProgress(progress: MigrationProgress): string {
  return [
    `${progress.migrationId}: ${progress.state}, ${progress.done}/${progress.total} done, ${progress.moved} moved, ${progress.skipped.length} skipped`,
    ...progress.skipped.map((s) => `  ${s.caseId.padEnd(25)} ${s.reason ?? ''}: ${s.message ?? ''}`),
  ].join('\n');
}
