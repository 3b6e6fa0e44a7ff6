// Runs `temporal server start-dev` as a child process with a persistent SQLite file in the
// data folder, the project's namespace and its search attributes, and waits until it answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { findTemporalBinary } from './temporal-binaries';
import { CASE_SEARCH_ATTRIBUTES } from '../contract/search-attributes';

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  stop(): Promise<void>;
}

/** Starts the dev server on `port` (UI on port+1000 unless ui is false) and waits until it is ready. */
export async function startTemporalDevServer(options: {
  dataDir: string;
  port: number;
  namespace: string;
  ui: boolean;
  timeoutMs?: number;
  /** Serve the server's Prometheus metrics on this port (default: none). */
  metricsPort?: number;
}): Promise<DevServer> {
  const binary = findTemporalBinary('cli');
  if (binary.type !== 'existing-path')
    throw new Error('the dev server needs a local `temporal` binary (see TEMPORAL_CLI_PATH)');
  const dir = resolve(options.dataDir, 'temporal');
  mkdirSync(dir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    resolve(dir, 'temporal.db'),
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    options.namespace,
    '--log-level',
    'error',
    ...(options.ui ? ['--ui-port', String(options.port + 1000)] : ['--headless']),
    ...(options.metricsPort ? ['--metrics-port', String(options.metricsPort)] : []),
    ...Object.entries(CASE_SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
      '--search-attribute',
      `${name}=${type}`,
    ]),
  ];
  const child = spawn(binary.path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const address = `127.0.0.1:${options.port}`;
  try {
    await waitUntilReady(address, child, () => stderr, options.timeoutMs ?? 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    address,
    uiUrl: options.ui ? `http://127.0.0.1:${options.port + 1000}` : undefined,
    stop: () => stopChild(child),
  };
}

async function waitUntilReady(
  address: string,
  child: ChildProcess,
  stderr: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`temporal server start-dev exited with code ${child.exitCode}:\n${stderr()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.healthService.check({});
      await connection.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(
    `temporal server start-dev did not answer on ${address} within ${timeoutMs} ms:\n${stderr()}`,
  );
}

/** Sends SIGTERM, then SIGKILL after 10 s, and resolves when the process has exited. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
