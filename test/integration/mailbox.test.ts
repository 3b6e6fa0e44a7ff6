import nodemailer from 'nodemailer';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMailbox } from '../../lib/mailbox/server';

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

  it('answers 550 for a rejected recipient, so senders see a permanent failure', async () => {
    const mailbox = await startMailbox({ rejectRecipients: (a) => a.startsWith('nobody@') });
    const transport = nodemailer.createTransport({ url: mailbox.url } as never);
    await expect(transport.sendMail({ from: 'p@localhost', to: 'nobody@example.org', subject: 's', text: 't' }))
      .rejects.toMatchObject({ responseCode: 550 });
    transport.close();
    await mailbox.stop();
  });
});
