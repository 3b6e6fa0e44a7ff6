// The case gauges of /metrics, read from the projection at scrape time: indexed counts (status;
// status + dueAt; owed messages by nextAttemptAt, which is null once delivered), cheap however
// many cases there are.
import type { Database } from '../../lib/database';
import type { CaseCounts } from '../../lib/metrics';

/** Cases by status, open cases past their due time, and the messages still owed. */
export function projectionCaseCounts(db: Database): CaseCounts {
  return {
    async byStatus() {
      const rows = await db.case.groupBy({ by: ['status'], _count: { _all: true } });
      return rows.map((row) => ({ status: row.status, count: row._count._all }));
    },
    async overdue() {
      return db.case.count({ where: { status: 'open', dueAt: { lt: new Date() } } });
    },
    async owed() {
      const rows = await db.owedMessage.groupBy({
        by: ['kind'],
        where: { nextAttemptAt: { not: null } },
        _count: { _all: true },
        _min: { owedAt: true },
      });
      return rows.map((row) => ({ kind: row.kind, count: row._count._all, oldestOwedAt: row._min.owedAt }));
    },
  };
}
