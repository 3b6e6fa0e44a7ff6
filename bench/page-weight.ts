// Page weight of the web app: bytes a browser downloads for My tasks (50 open tasks), a case
// page with some history, and a program manager's statistics (a year's SVG chart and table) and
// draft pages — the HTML plus every asset it links (one stylesheet; no script) — raw and
// gzip-compressed. Target (issue 15): ≤ 150 KB each.
import { gzipSync } from 'node:zlib';
import { openSession } from '../web/session';
import { pool, printTable } from './bundle';
import { BENCH_DEFINITIONS, completeStep, publishFolder, startCase } from './cases';
import { startStack } from './stack';

const TASKS = 50;
const EMAIL = 'caseworker@pathways.test';
const MANAGER = 'manager@pathways.test';

async function weigh(base: string, path: string, cookie: string): Promise<Record<string, string | number>> {
  const get = async (url: string) => {
    const res = await fetch(`${base}${url}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  };
  const page = await get(path);
  const assets = [...page.toString('utf8').matchAll(/(?:href|src)="(\/app\/assets\/[^"]+)"/g)].map(
    (m) => m[1]!,
  );
  const bodies = [page, ...(await Promise.all(assets.map(get)))];
  const raw = bodies.reduce((n, b) => n + b.length, 0);
  const gzip = bodies.reduce((n, b) => n + gzipSync(b).length, 0);
  const scripts = (page.toString('utf8').match(/<script/g) ?? []).length;
  return {
    page: path.replace(/C-[\w-]+/, 'C-…'),
    requests: bodies.length,
    scripts,
    'HTML KB': (page.length / 1024).toFixed(1),
    'total KB': (raw / 1024).toFixed(1),
    'gzip KB': (gzip / 1024).toFixed(1),
  };
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<Record<string, string | number>> {
  const stack = await startStack({ name: 'page-weight', mailbox: false });
  try {
    await publishFolder(BENCH_DEFINITIONS);
    await stack.db.staff.createMany({
      data: [
        { name: 'Bench Caseworker', email: EMAIL, roles: ['caseworker'], countries: ['XB'] },
        { name: 'Bench Manager', email: MANAGER, roles: ['program_manager'], countries: ['XB'] },
      ],
    });
    const ids: string[] = [];
    await pool(TASKS, 10, async () => {
      ids.push(await startCase(stack, 'bench.xb', { assignee: EMAIL }));
    });
    // One case with a history: around the loop a few times.
    for (let i = 0; i < 3; i += 1) {
      await completeStep(stack, ids[0]!, 'work', 'next');
      await completeStep(stack, ids[0]!, 'review', 'next');
    }
    // The bench signs in by opening a session directly (the emailed link is the tests' concern).
    const { token } = await openSession(stack.db, EMAIL);
    const cookie = `pw_session=${token}`;
    const manager = `pw_session=${(await openSession(stack.db, MANAGER)).token}`;
    const rows = [
      await weigh(stack.apiUrl, '/app/tasks', cookie),
      await weigh(stack.apiUrl, `/app/cases/${ids[0]}`, cookie),
      await weigh(stack.apiUrl, '/app/statistics', manager),
      await weigh(stack.apiUrl, '/app/definitions/validate', manager),
    ];
    printTable(`Page weight, ${TASKS} tasks (target: ≤ 150 KB each, uncompressed)`, rows);
    return Object.fromEntries(rows.map((r) => [`${r.page} KB`, r['total KB']!]));
  } finally {
    await stack.stop();
  }
}
