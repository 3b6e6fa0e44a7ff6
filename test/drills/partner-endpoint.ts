// A partner's webhook endpoint on loopback whose behaviour the drill switches: answer 500,
// never answer (the sender's timeout fires), or answer 200. Every request is recorded with
// the answer it got.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type EndpointMode = 'error' | 'hang' | 'ok';

export interface EndpointRequest {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: { id: string; sequence: number; case: { reference?: string } & Record<string, unknown> };
  answer: 500 | 'none' | 200;
}

export interface PartnerEndpoint {
  url: string;
  requests: EndpointRequest[];
  setMode(mode: EndpointMode): void;
  stop(): Promise<void>;
}

/** Starts the endpoint in 'error' mode. */
export async function startPartnerEndpoint(): Promise<PartnerEndpoint> {
  let mode: EndpointMode = 'error';
  const requests: EndpointRequest[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const answer = mode === 'error' ? 500 : mode === 'hang' ? 'none' : 200;
      requests.push({
        headers: req.headers,
        rawBody,
        body: JSON.parse(rawBody) as EndpointRequest['body'],
        answer,
      });
      if (answer === 'none') hanging.push(res);
      else res.writeHead(answer, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    requests,
    setMode: (next) => {
      mode = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
