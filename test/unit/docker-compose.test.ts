// docker-compose.yml cannot run here (no Docker engine): parse it and check what a production
// user relies on — pinned images, health checks, Temporal on PostgreSQL, and that the API and
// worker get only variables the config schema knows, and that Prometheus scrapes both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigSchema } from '../../lib/config';

interface Service {
  image?: string;
  volumes?: string[];
  depends_on?: Record<string, unknown>;
  environment?: Record<string, unknown>;
  healthcheck?: { test: unknown };
  restart?: string;
  command?: string[];
}
const compose = parse(readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, Service> };
const services = compose.services;
const prometheus = parse(readFileSync(join(__dirname, '..', '..', 'prometheus.yml'), 'utf8')) as {
  scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[];
};

describe('docker-compose.yml', () => {
  it('has every part of the stack', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining([
        'postgres',
        'temporal',
        'temporal-ui',
        'mailpit',
        'api',
        'worker',
        'prometheus',
      ]),
    );
  });

  it.each(Object.entries(services))('pins the image of %s to a version', (_name, service) => {
    expect(service.image).toMatch(/^[\w./-]+:(?!latest$)[\w.-]*\d[\w.-]*$/);
  });

  it.each(Object.entries(services).filter(([, s]) => s.restart !== 'no'))(
    'checks the health of %s',
    (_name, service) => {
      expect(service.healthcheck?.test).toBeDefined();
    },
  );

  it('persists Temporal to the PostgreSQL service', () => {
    expect(services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
  });

  it.each(['api', 'worker'])('gives %s only variables the config schema reads', (name) => {
    const known = Object.keys(ConfigSchema.shape);
    const env = Object.keys(services[name]!.environment ?? {});
    expect(env.length).toBeGreaterThan(5);
    expect(env.filter((v) => !known.includes(v))).toEqual([]);
  });

  it('gives the API and worker a valid configuration (besides the required secret)', () => {
    for (const name of ['api', 'worker']) {
      const env = Object.fromEntries(
        Object.entries(services[name]!.environment!).map(([k, v]) => [k, String(v)]),
      );
      env.PATHWAYS_KEYS = `prod1:${Buffer.alloc(32, 7).toString('base64')}`;
      expect(() => ConfigSchema.parse(env)).not.toThrow();
    }
  });

  it("runs Prometheus on prometheus.yml, scraping the API, the worker and the worker's Temporal SDK exporter at their configured ports", () => {
    expect(services.prometheus!.volumes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\.\/prometheus\.yml:\/etc\/prometheus\/prometheus\.yml/),
      ]),
    );
    expect(Object.keys(services.prometheus!.depends_on ?? {})).toEqual(
      expect.arrayContaining(['api', 'worker']),
    );
    const api = ConfigSchema.parse({ ...services.api!.environment, PATHWAYS_KEYS: undefined });
    const worker = ConfigSchema.parse({ ...services.worker!.environment, PATHWAYS_KEYS: undefined });
    expect(worker.METRICS_HOST).toBe('0.0.0.0');
    const targets = prometheus.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((c) => c.targets.map((t) => `${t}${job.metrics_path ?? '/metrics'}`)),
    );
    expect(targets.sort()).toEqual(
      [
        `api:${api.API_PORT}/metrics`,
        `worker:${worker.METRICS_PORT}/metrics`,
        `worker:${worker.TEMPORAL_METRICS_PORT}/metrics`,
      ].sort(),
    );
  });

  it('runs the worker as `npm run worker` does: the same compiled entry, the same heap limit', () => {
    const scripts = (
      JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    const [arenas, ...command] = scripts.worker!.split(' ');
    expect(services.worker!.command).toEqual(command);
    expect(scripts.worker).toMatch(/--max-old-space-size=\d+ dist\/workers\/main\.js$/);
    // The script's environment prefix is the image's: compose runs the command without a shell.
    expect(arenas).toBe('MALLOC_ARENA_MAX=2');
    const dockerfile = readFileSync(join(__dirname, '..', '..', 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ENV MALLOC_ARENA_MAX=2$/m);
  });
});
