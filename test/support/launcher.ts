// Runs `npm start`'s own command line (read from package.json) the way a terminal does, and stops
// it the way Ctrl-C does — optionally while the launcher is too busy to answer at once.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/temporal-binaries';
import { exited } from './processes';

/** The words of package.json's `start` script, `node` meaning this very Node. */
export function startCommand(): [string, string[]] {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [command = '', ...args] = pkg.scripts.start.split(' ');
  if (command === 'node') return [process.execPath, args];
  return [join(PROJECT_ROOT, 'node_modules', '.bin', command), args];
}

/**
 * Starts the launcher. `detached` gives it its own process group, like a terminal's foreground job,
 * so that Ctrl-C (SIGINT to the group) reaches every process in it.
 */
export function spawnStart(env: NodeJS.ProcessEnv, options: { detached?: boolean } = {}): ChildProcess {
  const [command, args] = startCommand();
  return spawn(command, args, {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? true,
  });
}

/** The innermost process of the group still running the launcher's script (a wrapper's child, if any). */
function launcherProcess(group: number): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((words) => Number(words[2]) === group && words.slice(3).join(' ').includes('scripts/start.ts'))
    .map((words) => ({ pid: Number(words[0]), ppid: Number(words[1]) }));
  const innermost = rows.find((row) => !rows.some((other) => other.ppid === row.pid));
  if (!innermost) throw new Error(`no launcher process in group ${group}`);
  return innermost.pid;
}

/**
 * Ctrl-C as a terminal sends it: SIGINT to the whole process group. With `busyMs`, the launcher's
 * own process is paused (SIGSTOP) when the signal arrives and resumed that much later, as when its
 * event loop is busy with work. Resolves with what it printed from then on and its exit code.
 */
export async function pressCtrlC(
  child: ChildProcess,
  options: { busyMs?: number } = {},
): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const busy = options.busyMs ? launcherProcess(child.pid!) : undefined;
  if (busy) process.kill(busy, 'SIGSTOP');
  process.kill(-child.pid!, 'SIGINT');
  if (busy) {
    await new Promise((resolve) => setTimeout(resolve, options.busyMs));
    try {
      process.kill(busy, 'SIGCONT');
    } catch {
      // Already gone: something killed it while it was paused.
    }
  }
  const code = await exited(child);
  return { code, output };
}
