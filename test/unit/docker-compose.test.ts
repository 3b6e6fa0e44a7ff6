// docker-compose.yml cannot run here (no Docker engine): parse it and check what a production
// user relies on — pinned images, health checks, Temporal on PostgreSQL, and that the API and
// worker get only variables the config schema knows, and that Prometheus scrapes both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigSchema } from '../../lib/config';
import { createMetrics, registerCaseGauges } from '../../lib/metrics';

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
  rule_files?: string[];
  scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[];
};
interface AlertRule {
  alert: string;
  expr: string;
  labels?: { severity?: string };
  annotations?: { summary?: string; description?: string };
}
const alerts = parse(readFileSync(join(__dirname, '..', '..', 'alerts.yml'), 'utf8')) as {
  groups: { name: string; rules: AlertRule[] }[];
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

  it('loads alerts.yml, whose rules each name a metric the API or the worker serves and say where to look', () => {
    expect(prometheus.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    expect(services.prometheus!.volumes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\.\/alerts\.yml:\/etc\/prometheus\/alerts\.yml:ro$/)]),
    );
    const metrics = createMetrics();
    const none = async () => [];
    registerCaseGauges(metrics, { byStatus: none, overdue: async () => 0, owed: none });
    const served = new Set(metrics.registry.getMetricsAsArray().map((m) => m.name));
    const jobs = prometheus.scrape_configs.map((job) => job.job_name);
    const rules = alerts.groups.flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'PathwaysOwedMessageStuck',
        'PathwaysPartnerDeadLetters',
        'PathwaysTargetDown',
      ]),
    );
    for (const rule of rules) {
      const named = rule.expr.match(/\bpathways_[a-z_]+/g) ?? [];
      const jobPattern = /job=~"([^"]+)"/.exec(rule.expr)?.[1];
      expect([rule.alert, named.length > 0 || jobPattern !== undefined]).toEqual([rule.alert, true]);
      for (const name of named) expect([rule.alert, served.has(name)]).toEqual([rule.alert, true]);
      if (jobPattern)
        expect(jobs.filter((job) => new RegExp(`^${jobPattern}$`).test(job)).length).toBeGreaterThan(0);
      expect(['page', 'ticket']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.description).toBeTruthy();
    }
  });
});
