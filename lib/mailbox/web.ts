// The dev mailbox's web page: lists every message the embedded SMTP server received and shows
// one with its HTML and text parts. Development only; it serves whatever arrived.
import express from 'express';
import type { Server } from 'node:http';
import type { Mailbox, MailboxMessage } from './server';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}td,th{padding:.3rem .6rem;text-align:left;vertical-align:top}' +
    'tr:nth-child(even){background:#f4f4f4}iframe{width:100%;height:28rem;border:1px solid #ccc}pre{white-space:pre-wrap;background:#f8f8f8;padding:1rem}</style>' +
    `</head><body>${body}</body></html>`
  );
}

function listPage(messages: MailboxMessage[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) =>
        `<tr><td>${escape(m.receivedAt)}</td><td>${escape(m.envelopeTo.join(', '))}</td>` +
        `<td><a href="/messages/${encodeURIComponent(m.id)}">${escape(m.subject || '(no subject)')}</a></td></tr>`,
    )
    .join('');
  return page(
    'Pathways dev mailbox',
    `<h1>Dev mailbox</h1><p>${messages.length} message(s). ` +
      '<a href="/api/messages">JSON</a></p><table><tr><th>Received</th><th>To</th><th>Subject</th></tr>' +
      rows +
      '</table>',
  );
}

function messagePage(m: MailboxMessage): string {
  return page(
    m.subject,
    `<p><a href="/">← all messages</a></p><h1>${escape(m.subject)}</h1>` +
      `<table><tr><th>From</th><td>${escape(m.from)}</td></tr><tr><th>To</th><td>${escape(m.to)}</td></tr>` +
      `<tr><th>Message-ID</th><td>${escape(m.messageId ?? '')}</td></tr><tr><th>Received</th><td>${escape(m.receivedAt)}</td></tr></table>` +
      `<h2>HTML</h2><iframe sandbox srcdoc="${escape(m.html)}"></iframe><h2>Text</h2><pre>${escape(m.text)}</pre>`,
  );
}

/** Serves the mailbox web page and a JSON API (/api/messages, /api/messages/:id). */
export function startMailboxWeb(
  mailbox: Mailbox,
  port: number,
  host = '127.0.0.1',
): Promise<{ url: string; server: Server }> {
  const app = express();
  const summary = ({ raw: _raw, html: _html, text: _text, ...rest }: MailboxMessage) => rest;
  const find = (id: string) => mailbox.messages().find((m) => m.id === id);
  app.get('/', (_req, res) => void res.type('html').send(listPage(mailbox.messages())));
  app.get('/messages/:id', (req, res) => {
    const m = find(req.params.id);
    if (!m) return void res.status(404).type('html').send(page('Not found', '<p>No such message.</p>'));
    res.type('html').send(messagePage(m));
  });
  app.get('/api/messages', (_req, res) => void res.json({ messages: mailbox.messages().map(summary) }));
  app.get('/api/messages/:id', (req, res) => {
    const m = find(req.params.id);
    if (!m)
      return void res
        .status(404)
        .json({ error: { code: 'not_found', message: 'No such message', details: {} } });
    res.json({ ...summary(m), text: m.text, html: m.html });
  });
  return new Promise((resolve) => {
    const server = app.listen(port, host, () => resolve({ url: `http://${host}:${port}`, server }));
  });
}
