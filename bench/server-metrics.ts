// The Temporal dev server's own counters (its Prometheus /metrics): the requests its frontend
// answered (the round trips of clients and workers) and the operations it asked of its
// persistence (SQLite here), by operation.
import { z } from 'zod';

export type Counters = Map<string, number>;

const SAMPLE = /^(service_requests|persistence_requests)\{([^}]*)\} ([0-9.e+]+)$/;
const Labels = z.object({ operation: z.string(), service_name: z.string().optional() });

/** Reads the counters: `frontend <operation>` and `persistence <operation>` → count. */
export async function readCounters(url: string): Promise<Counters> {
  const text = await (await fetch(url)).text();
  const counters: Counters = new Map();
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const labels = Labels.parse(
      Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]])),
    );
    if (match[1] === 'service_requests' && labels.service_name !== 'frontend') continue;
    const key = `${match[1] === 'service_requests' ? 'frontend' : 'persistence'} ${labels.operation}`;
    counters.set(key, (counters.get(key) ?? 0) + Number(match[3]));
  }
  return counters;
}

/** What grew between two readings (zero and negative differences left out), largest first. */
export function grown(before: Counters, after: Counters): [string, number][] {
  return [...after]
    .map(([key, count]): [string, number] => [key, count - (before.get(key) ?? 0)])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
