// The case worker as a child process (compiled, as `npm run worker` starts it), joined to a stack,
// for measuring its memory and for killing it with SIGKILL. Its output goes to a file under
// test-results/worker-logs/ (kept after the stack is gone: .ci/run prints them when a drill fails).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../lib/temporal-binaries';
import { exited, freePort, waitForOutput } from '../test/support/processes';
import type { Stack } from './stack';

/** Where spawned workers write their output, one file each. */
export const WORKER_LOGS = join(PROJECT_ROOT, 'test-results', 'worker-logs');

export interface WorkerProcess {
  child: ChildProcess;
  /** The file its stdout and stderr go to. */
  logFile: string;
  /** Resident memory of the worker process, in MiB. */
  rssMiB(): number;
  /** SIGKILL, and wait until it is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown), and wait until it is gone. */
  stop(): Promise<void>;
}

/**
 * The V8 flags and environment `npm run worker` gives the worker (package.json), so that the
 * bench measures what users run; BENCH_WORKER_NODE_OPTIONS replaces the flags for an experiment.
 */
export function workerLaunch(): { flags: string[]; env: Record<string, string> } {
  const scripts = (
    JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const words = scripts.worker!.split(' ');
  const env = Object.fromEntries(
    words
      .filter((w) => /^[A-Z_]+=/.test(w))
      .map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]),
  );
  const flags =
    process.env.BENCH_WORKER_NODE_OPTIONS !== undefined
      ? process.env.BENCH_WORKER_NODE_OPTIONS.split(' ').filter(Boolean)
      : words.filter((word) => word.startsWith('--'));
  return { flags, env };
}

// `npm run worker` builds dist/ first (its preworker script): built once per process here.
let built: Promise<unknown> | undefined;
const buildWorker = () =>
  (built ??= promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: PROJECT_ROOT }));

/** Starts the compiled worker (or a TypeScript entry, through tsx) with the stack's environment; waits until it polls. */
export async function spawnWorker(
  stack: Stack,
  extraEnv: Record<string, string> = {},
  entry = join(PROJECT_ROOT, 'dist', 'workers', 'main.js'),
): Promise<WorkerProcess> {
  if (!entry.endsWith('.ts')) await buildWorker();
  const launch = workerLaunch();
  const load = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  const child = spawn(process.execPath, [...launch.flags, ...load], {
    cwd: PROJECT_ROOT,
    env: {
      ...launch.env,
      ...process.env,
      ...stack.env,
      TEMPORAL_ADDRESS: stack.temporal.address,
      // Its "polling" line is an info log; its /metrics listeners must not meet another process's.
      LOG_LEVEL: 'info',
      METRICS_PORT: String(await freePort()),
      TEMPORAL_METRICS_PORT: String(await freePort()),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  mkdirSync(WORKER_LOGS, { recursive: true });
  const logFile = join(WORKER_LOGS, `${stack.name}-${child.pid}.log`);
  const log = createWriteStream(logFile);
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  child.once('close', () => log.end());
  try {
    // workers/main.ts logs `case worker polling` once it polls (a pino line: JSON or pretty).
    await waitForOutput(child, /case worker polling/i, 120_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = exited(child);
    child.kill(signal);
    await gone;
  };
  // A drill that fails half-way must not leave the worker running: it goes with the stack.
  stack.onStop(() => end('SIGKILL'));
  return {
    child,
    logFile,
    rssMiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return Math.round(kb / 1024);
    },
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}
