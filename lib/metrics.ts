// The process's Prometheus metrics (prom-client), on a registry of its own: what the API
// answered, what the cases did, what was sent. Labels are route templates, statuses, kinds and
// outcomes: never an id, a name or an address. Every metric is listed in the README.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { createServer, type Server } from 'node:http';

/** The metrics of one process (the launcher's API and worker share one). */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  casesStarted: Counter<'program' | 'country'>;
  stepsCompleted: Counter;
  caseEvents: Counter<'kind'>;
  reminders: Counter<'kind'>;
  escalations: Counter;
  emails: Counter<'result'>;
  partnerDeliveries: Counter<'channel' | 'outcome'>;
  deadLetters: Counter;
  owedMessages: Counter<'kind' | 'outcome'>;
}

/** Creates a registry with the process's default metrics and the Pathways metrics. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'pathways_http_requests_total',
      help: 'API requests answered, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'pathways_http_request_duration_seconds',
      help: 'API request latency in seconds, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    casesStarted: new Counter({
      name: 'pathways_cases_started_total',
      help: 'Cases started (their start recorded in the projection once), by program and country',
      labelNames: ['program', 'country'],
      registers,
    }),
    stepsCompleted: new Counter({
      name: 'pathways_steps_completed_total',
      help: 'Steps completed (recorded in the projection once each)',
      registers,
    }),
    caseEvents: new Counter({
      name: 'pathways_case_events_total',
      help: 'Case events recorded in the projection (once each), by kind',
      labelNames: ['kind'],
      registers,
    }),
    reminders: new Counter({
      name: 'pathways_reminders_sent_total',
      help: 'Reminder emails accepted by the SMTP server, by kind',
      labelNames: ['kind'],
      registers,
    }),
    escalations: new Counter({
      name: 'pathways_escalations_sent_total',
      help: 'Escalation emails accepted by the SMTP server',
      registers,
    }),
    emails: new Counter({
      name: 'pathways_emails_total',
      help: 'Email send attempts, by result: sent, failed (permanent), retried (transient, tried again later)',
      labelNames: ['result'],
      registers,
    }),
    partnerDeliveries: new Counter({
      name: 'pathways_partner_deliveries_total',
      help: 'Partner update delivery attempts, by channel (webhook, email) and outcome (delivered, retry, reject)',
      labelNames: ['channel', 'outcome'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'pathways_partner_dead_letters_total',
      help: 'Partner events dead-lettered after their last attempt',
      registers,
    }),
    owedMessages: new Counter({
      name: 'pathways_owed_messages_total',
      help: 'Messages cases owed, handled by the delivery relay, by kind (email, partner) and outcome (delivered, retried, expired)',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
  };
}

/** What the case gauges read at scrape time (the projection). */
export interface CaseCounts {
  byStatus(): Promise<{ status: string; count: number }[]>;
  overdue(): Promise<number>;
  /** Messages cases owe that no relay has delivered yet, by kind (email, partner), and since when the oldest is owed. */
  owed(): Promise<{ kind: string; count: number; oldestOwedAt: Date | null }[]>;
}

/** Registers the gauges read from the projection at each scrape: cases by status, open cases overdue, messages owed and the age of the oldest. */
export function registerCaseGauges(metrics: Metrics, counts: CaseCounts): void {
  const registers = [metrics.registry];
  // The two owed-message gauges are collected side by side in one scrape: they share one query.
  let owedNow: ReturnType<CaseCounts['owed']> | undefined;
  const owed = () =>
    (owedNow ??= counts.owed().finally(() => {
      owedNow = undefined;
    }));
  new Gauge({
    name: 'pathways_cases',
    help: 'Cases in the projection, by status',
    labelNames: ['status'],
    registers,
    async collect() {
      this.reset();
      for (const { status, count } of await counts.byStatus()) this.set({ status }, count);
    },
  });
  new Gauge({
    name: 'pathways_cases_overdue',
    help: 'Open cases whose current step is past its due time',
    registers,
    async collect() {
      this.set(await counts.overdue());
    },
  });
  new Gauge({
    name: 'pathways_owed_messages',
    help: 'Messages cases owe that the delivery relay has not delivered yet, by kind (email, partner)',
    labelNames: ['kind'],
    registers,
    async collect() {
      this.reset();
      for (const kind of ['email', 'partner']) this.set({ kind }, 0);
      for (const { kind, count } of await owed()) this.set({ kind }, count);
    },
  });
  // A count cannot tell a stuck message from a busy relay; the age of the oldest can. A partner
  // update is never given up (the case's later ones wait for it), so this is what to alert on.
  new Gauge({
    name: 'pathways_owed_message_oldest_seconds',
    help: 'How long the oldest message still owed has been owed, by kind (0 when none is)',
    labelNames: ['kind'],
    registers,
    async collect() {
      this.reset();
      for (const kind of ['email', 'partner']) this.set({ kind }, 0);
      const now = Date.now();
      for (const { kind, oldestOwedAt } of await owed())
        if (oldestOwedAt) this.set({ kind }, Math.max(0, (now - oldestOwedAt.getTime()) / 1000));
    },
  });
}

/** A tiny HTTP listener that serves GET /metrics (the worker has no other HTTP server). */
export async function serveMetrics(
  metrics: Metrics,
  host: string,
  port: number,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    url: `http://${host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
