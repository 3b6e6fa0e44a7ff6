// The sign-in email: one link, in the person's language, sent through the configured mailer.
import { randomUUID } from 'node:crypto';
import type { Mailer } from '../lib/mailer';
import { escapeHtml } from './html';
import type { Speech } from './i18n';

/** Sends the one-time link to a staff member. */
export async function sendSignInLink(
  mailer: Mailer,
  to: string,
  link: string,
  speech: Speech,
): Promise<void> {
  const { words } = speech;
  const dir = speech.direction;
  await mailer.send({
    messageId: `<sign-in-${randomUUID()}@pathways>`,
    to,
    language: speech.language,
    subject: words.signInSubject,
    text: `${words.signInBody}\n\n${link}\n\n${words.signInExpiry}\n`,
    html:
      `<!doctype html><html lang="${speech.language}" dir="${dir}"><body dir="${dir}"><p>${escapeHtml(words.signInBody)}</p>` +
      `<p><a href="${escapeHtml(link)}">${escapeHtml(words.signInAction)}</a></p><p>${escapeHtml(words.signInExpiry)}</p></body></html>`,
  });
}
