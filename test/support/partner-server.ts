// A real HTTP server on 127.0.0.1 playing a partner's webhook endpoint: it records every
// request (headers and raw body) and answers from a per-path script (status codes, or 'hang').
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: {
    id: string;
    type: string;
    sequence: number;
    case: Record<string, unknown>;
    personal?: Record<string, unknown>;
  };
}

export type Answer = number | 'hang';

export interface PartnerServer {
  url(path: string): string;
  /** Answers for the next requests to a path, in order; afterwards 200. */
  script(path: string, answers: Answer[]): void;
  received(path: string): ReceivedWebhook[];
  waitFor(path: string, count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  stop(): Promise<void>;
}

/** Starts the partner server on an ephemeral port. */
export async function startPartnerServer(): Promise<PartnerServer> {
  const received: ReceivedWebhook[] = [];
  const scripts = new Map<string, Answer[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      received.push({
        path,
        headers: req.headers,
        rawBody,
        body: JSON.parse(rawBody) as ReceivedWebhook['body'],
      });
      const answer = scripts.get(path)?.shift() ?? 200;
      if (answer === 'hang') return; // never answers: the sender's timeout must fire
      res.writeHead(answer, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const of = (path: string) => received.filter((r) => r.path === path);
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    script: (path, answers) => void scripts.set(path, [...answers]),
    received: of,
    async waitFor(path, count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (of(path).length < count) {
        if (Date.now() > deadline)
          throw new Error(`partner server: expected ${count} requests on ${path}, got ${of(path).length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return of(path);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
