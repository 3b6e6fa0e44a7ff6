// The case worker's memory is bounded by the operator's budget, not by the machine: the SDK's
// own cache default follows the V8 heap limit (thousands of cases on a large machine).
import { ConfigError, parseConfig } from '../../lib/config';
import { CACHED_CASE_MIB, workflowCacheSize } from '../../workers/create-worker';

describe('the workflow cache of a case worker', () => {
  it('holds as many cases as fit in WORKER_CACHE_MB (80 MiB by default)', () => {
    const budget = parseConfig({}).WORKER_CACHE_MB;
    expect(budget).toBe(80);
    expect(workflowCacheSize(budget)).toBe(228);
    expect(workflowCacheSize(budget) * CACHED_CASE_MIB).toBeLessThanOrEqual(budget);
    expect(workflowCacheSize(parseConfig({ WORKER_CACHE_MB: '1024' }).WORKER_CACHE_MB)).toBe(2925);
  });

  it('keeps at least the two cases the SDK needs', () => {
    expect(workflowCacheSize(0.1)).toBe(2);
  });

  it('refuses a budget that is not a whole number of MiB, naming the variable', () => {
    expect(() => parseConfig({ WORKER_CACHE_MB: 'lots' })).toThrow(ConfigError);
    expect(() => parseConfig({ WORKER_CACHE_MB: '0' })).toThrow(/WORKER_CACHE_MB/);
  });
});
