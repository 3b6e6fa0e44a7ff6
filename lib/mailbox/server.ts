// The dev mailbox: a real SMTP server on a real socket that keeps every message it receives
// (in memory and, when given a folder, as .eml files that survive a restart), for a person to
// read in the mailbox web page and for tests to assert on.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

/** One message as it arrived: envelope, headers and both bodies. */
export interface MailboxMessage {
  id: string;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  messageId: string | undefined;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  language: string | undefined;
  raw: string;
}

export interface MailboxOptions {
  host?: string;
  port?: number;
  /** Folder where each message is kept as an .eml file; loaded again at start. */
  dir?: string;
  /** Reply to RCPT TO with a permanent 550 for these addresses (tests of bounce handling). */
  rejectRecipients?: (address: string) => boolean;
}

export interface Mailbox {
  host: string;
  port: number;
  url: string;
  messages(): MailboxMessage[];
  waitForMessages(count: number, timeoutMs?: number): Promise<MailboxMessage[]>;
  clear(): void;
  stop(): Promise<void>;
}

/** Parses a raw RFC 5322 message into a MailboxMessage. */
export async function parseMessage(
  id: string,
  raw: string,
  envelope: { from: string; to: string[] },
  receivedAt: string,
): Promise<MailboxMessage> {
  const mail = await simpleParser(raw);
  const addressText = (a: typeof mail.to) =>
    Array.isArray(a) ? a.map((x) => x.text).join(', ') : (a?.text ?? '');
  return {
    id,
    receivedAt,
    envelopeFrom: envelope.from,
    envelopeTo: envelope.to,
    messageId: mail.messageId,
    from: mail.from?.text ?? '',
    to: addressText(mail.to),
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : '',
    language: mail.headers.get('content-language')?.toString(),
    raw,
  };
}

/** Starts the mailbox SMTP server; port 0 picks a free port. */
export async function startMailbox(options: MailboxOptions = {}): Promise<Mailbox> {
  const host = options.host ?? '127.0.0.1';
  const stored: MailboxMessage[] = options.dir ? await loadFolder(options.dir) : [];
  const waiters = new Set<() => void>();
  let counter = stored.length;

  const server = new SMTPServer({
    authOptional: true,
    closeTimeout: 500, // stop promptly even when a pooled client keeps its connection open
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.(address.address)) {
        const err = Object.assign(new Error(`mailbox unavailable: ${address.address}`), {
          responseCode: 550,
        });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const id = `${Date.now()}-${String(++counter).padStart(6, '0')}`;
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        parseMessage(id, raw, envelope, new Date().toISOString())
          .then((message) => {
            if (options.dir)
              writeFileSync(
                join(options.dir, `${id}.eml`),
                `X-Envelope: ${JSON.stringify(envelope)}\r\n${raw}`,
              );
            stored.push(message);
            for (const wake of waiters) wake();
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  server.on('error', () => undefined); // a client dropping mid-session must not crash the process
  const port = (server.server.address() as AddressInfo).port;

  return {
    host,
    port,
    url: `smtp://${host}:${port}`,
    messages: () => [...stored],
    clear: () => void stored.splice(0),
    waitForMessages(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (stored.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve([...stored]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`mailbox: expected ${count} messages, got ${stored.length} within ${timeoutMs} ms`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function loadFolder(dir: string): Promise<MailboxMessage[]> {
  mkdirSync(dir, { recursive: true });
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const content = readFileSync(join(dir, file), 'utf8');
      const newline = content.indexOf('\r\n');
      const envelope = JSON.parse(content.slice('X-Envelope: '.length, newline)) as {
        from: string;
        to: string[];
      };
      const id = file.replace(/\.eml$/, '');
      const receivedAt = new Date(Number(id.split('-')[0])).toISOString();
      return parseMessage(id, content.slice(newline + 2), envelope, receivedAt);
    }),
  );
}
