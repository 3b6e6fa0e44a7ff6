// The case gauges of /metrics, read from the projection at scrape time: two indexed counts
// (status; status + dueAt), cheap however many cases there are.
import type { Database } from '../../lib/database';
import type { CaseCounts } from '../../lib/metrics';

/** Cases by status and open cases past their due time, from the Case table. */
export function projectionCaseCounts(db: Database): CaseCounts {
  return {
    async byStatus() {
      const rows = await db.case.groupBy({ by: ['status'], _count: { _all: true } });
      return rows.map((row) => ({ status: row.status, count: row._count._all }));
    },
    async overdue() {
      return db.case.count({ where: { status: 'open', dueAt: { lt: new Date() } } });
    },
  };
}
