// CPU spent by the benchmark's processes: the Temporal dev server (all its threads, from /proc)
// and this Node process (API, case worker, raw worker, benchmark client). PostgreSQL's is not
// counted: its backends come and go.
import { readdirSync, readFileSync } from 'node:fs';

/** The dev server's process: the `temporal` process whose command line names its port. */
export function devServerPid(address: string): string | undefined {
  const port = address.split(':').pop() ?? '';
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .find((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return /temporal$/.test(args[0] ?? '') && args.includes(port);
      } catch {
        return false; // gone meanwhile
      }
    });
}

/** CPU seconds spent so far by the dev server (all its threads) and by this Node process. */
export function cpuSeconds(devServer: string | undefined): { devServer: number; node: number } {
  let server = Number.NaN;
  if (devServer) {
    const stat = readFileSync(`/proc/${devServer}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    server = (Number(fields[11]) + Number(fields[12])) / 100;
  }
  const own = process.cpuUsage();
  return { devServer: server, node: (own.user + own.system) / 1e6 };
}
