// The gauges read from the projection at each scrape: what an operator's Prometheus gets, and
// what one scrape costs the database.
import { createMetrics, registerCaseGauges, type CaseCounts } from '../../lib/metrics';

function countingGauges(owed: Awaited<ReturnType<CaseCounts['owed']>>) {
  const calls = { owed: 0 };
  const metrics = createMetrics();
  registerCaseGauges(metrics, {
    byStatus: async () => [{ status: 'open', count: 3 }],
    overdue: async () => 1,
    owed: async () => {
      calls.owed += 1;
      return owed;
    },
  });
  return { metrics, calls };
}

test('one scrape reads the owed messages once, for both the count and the age of the oldest', async () => {
  const oldest = new Date(Date.now() - 7_200_000);
  const { metrics, calls } = countingGauges([{ kind: 'partner', count: 2, oldestOwedAt: oldest }]);
  const text = await metrics.registry.metrics();
  expect(calls.owed).toBe(1);
  expect(text).toMatch(/^pathways_owed_messages\{kind="partner"\} 2$/m);
  expect(text).toMatch(/^pathways_owed_messages\{kind="email"\} 0$/m);
  const age = Number(/^pathways_owed_message_oldest_seconds\{kind="partner"\} (\S+)$/m.exec(text)?.[1]);
  expect(age).toBeGreaterThanOrEqual(7_200);
  expect(text).toMatch(/^pathways_owed_message_oldest_seconds\{kind="email"\} 0$/m);

  // The next scrape reads again: nothing is kept between scrapes.
  await metrics.registry.metrics();
  expect(calls.owed).toBe(2);
});
