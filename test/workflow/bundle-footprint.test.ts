// Every case workflow in the worker's cache evaluates its own copy of each module in the
// workflow bundle (the SDK isolates module state per workflow). The definition language's zod
// schemas cost about 0.4 MB per copy, so they must stay out of the bundle: the workflow reads a
// definition that was validated when it was published, it never validates one.
import { DEFAULT_WORKER_CACHE_MB } from '../../lib/config';
import { bundleInChildProcess } from '../../workers/child-bundle';
import { createCaseWorker, workflowCacheSize } from '../../workers/create-worker';
import { timeSkippingEnvironment, workflowBundle } from '../support/temporal';

/** The project modules webpack put in the bundle (`./definitions/x.ts`, …). */
function bundledModules(code: string): string[] {
  return [
    ...new Set(
      [...code.matchAll(/"(\.\/(?:definitions|workflows|contract|lib|activities|api)\/[^"]+\.ts)"/g)].map(
        (m) => m[1]!,
      ),
    ),
  ].sort();
}

describe('the workflow bundle', () => {
  let modules: string[];
  beforeAll(async () => {
    // As a worker without a prebuilt bundle gets it: from a child process.
    modules = bundledModules((await bundleInChildProcess()).code);
  });

  it('holds the state machine and the messages', () => {
    expect(modules).toEqual(
      expect.arrayContaining([
        './workflows/case.workflow.ts',
        './workflows/machine/steps.ts',
        './definitions/registry.ts',
      ]),
    );
  });

  it('holds none of the definition language schemas or their validation', () => {
    const heavy = modules.filter((m) =>
      /^\.\/definitions\/(schema|overlay-schema|problems|validate|resolve|json-schema|store|load)\.ts$/.test(
        m,
      ),
    );
    expect(heavy).toEqual([]);
  });
});

describe('a case worker', () => {
  it('caps its workflow cache at what WORKER_CACHE_MB allows', async () => {
    const env = await timeSkippingEnvironment();
    try {
      const options = {
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue: 'cache-cap',
        activities: {},
        workflowBundle: await workflowBundle(),
      };
      for (const [cacheMiB, cases] of [
        [undefined, workflowCacheSize(DEFAULT_WORKER_CACHE_MB)],
        [35, 100],
      ] as const) {
        const worker = await createCaseWorker({ ...options, ...(cacheMiB ? { cacheMiB } : {}) });
        expect(worker.options.maxCachedWorkflows).toBe(cases);
        await worker.runUntil(Promise.resolve()); // a worker must have run to release the connection
      }
    } finally {
      await env.teardown();
    }
  });
});
