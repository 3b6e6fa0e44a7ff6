import nodemailer from 'nodemailer';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMailbox } from '../../lib/mailbox/server';
import { startMailboxWeb } from '../../lib/mailbox/web';

describe('dev mailbox (real SMTP socket)', () => {
  it('keeps a message as it arrived, and again after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailbox-'));
    const mailbox = await startMailbox({ dir });
    const transport = nodemailer.createTransport({ url: mailbox.url } as never);
    await transport.sendMail({
      from: 'pathways@localhost',
      to: 'amina.caseworker@example.org',
      subject: 'KE-2026-0001: interview due',
      text: 'Plain body',
      html: '<p dir="ltr">HTML body</p>',
      messageId: '<abc@pathways>',
    });
    const [message] = await mailbox.waitForMessages(1);
    expect(message).toMatchObject({
      subject: 'KE-2026-0001: interview due',
      envelopeTo: ['amina.caseworker@example.org'],
      messageId: '<abc@pathways>',
      text: 'Plain body',
    });
    expect(message!.html).toContain('HTML body');
    transport.close();
    await mailbox.stop();

    const reopened = await startMailbox({ dir });
    expect(reopened.messages().map((m) => m.subject)).toEqual(['KE-2026-0001: interview due']);
    await reopened.stop();
  });

  it('serves each message as the README documents its JSON', async () => {
    const mailbox = await startMailbox();
    const web = await startMailboxWeb(mailbox, 0);
    const transport = nodemailer.createTransport({ url: mailbox.url } as never);
    await transport.sendMail({
      from: 'p@localhost',
      to: 'omar@example.org',
      subject: 'S',
      text: 'T',
      html: '<p>H</p>',
      headers: { 'Content-Language': 'ar' },
    });
    await mailbox.waitForMessages(1);
    const { port } = web.server.address() as { port: number };
    const list = (await (await fetch(`http://127.0.0.1:${port}/api/messages`)).json()) as {
      messages: Record<string, unknown>[];
    };
    expect(Object.keys(list.messages[0]!).sort()).toEqual([
      'envelopeFrom',
      'envelopeTo',
      'from',
      'id',
      'language',
      'messageId',
      'receivedAt',
      'subject',
      'to',
    ]);
    expect(list.messages[0]).toMatchObject({
      envelopeTo: ['omar@example.org'],
      subject: 'S',
      language: 'ar',
    });
    const one = (await (
      await fetch(`http://127.0.0.1:${port}/api/messages/${String(list.messages[0]!.id)}`)
    ).json()) as Record<string, unknown>;
    expect(one).toMatchObject({
      subject: 'S',
      text: expect.stringContaining('T'),
      html: expect.stringContaining('<p>H</p>'),
    });
    expect((await fetch(`http://127.0.0.1:${port}/api/messages/nope`)).status).toBe(404);
    transport.close();
    web.server.close();
    await mailbox.stop();
  });

  it('answers 550 for a rejected recipient, so senders see a permanent failure', async () => {
    const mailbox = await startMailbox({ rejectRecipients: (a) => a.startsWith('nobody@') });
    const transport = nodemailer.createTransport({ url: mailbox.url } as never);
    await expect(
      transport.sendMail({ from: 'p@localhost', to: 'nobody@example.org', subject: 's', text: 't' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    transport.close();
    await mailbox.stop();
  });
});
