// Outgoing email over SMTP (nodemailer), and the line between SMTP failures worth retrying
// (connection trouble, 4xx) and those that retrying cannot fix (5xx, a malformed address).
import nodemailer from 'nodemailer';

/** One email ready to send; the Message-ID is derived from its business key. */
export interface OutgoingMail {
  messageId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  language: string;
}

/** Sends mail; resolves once the SMTP server has accepted the message. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  /** Resolves when the SMTP server answers (readiness); test mailers may leave it out. */
  verify?(): Promise<void>;
  close(): void;
}

/** An SMTP failure that a later attempt may overcome (server down, 4xx). */
export class TransientDeliveryError extends Error {
  override readonly name = 'TransientDeliveryError';
}

/** An SMTP failure that no retry can fix (5xx, bad address). */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

interface SmtpErrorShape {
  code?: string;
  responseCode?: number;
  message?: string;
}

/** Classifies a nodemailer error: 5xx and address errors are permanent, the rest transient. */
export function classifySmtpError(err: unknown): TransientDeliveryError | PermanentDeliveryError {
  const e = (err ?? {}) as SmtpErrorShape;
  const summary = e.responseCode
    ? `${e.responseCode} ${firstLine(e.message)}`
    : `${e.code ?? 'ERROR'} ${firstLine(e.message)}`;
  if (e.responseCode && e.responseCode >= 500) return new PermanentDeliveryError(summary);
  if (!e.responseCode && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE'))
    return new PermanentDeliveryError(summary);
  return new TransientDeliveryError(summary);
}

function firstLine(message: string | undefined): string {
  return (message ?? '').split('\n')[0]!.slice(0, 300);
}

/** A mailer over an SMTP URL; each send opens its own short-lived connection. */
export function smtpMailer(url: string, from: string, timeoutMs = 15_000): Mailer {
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
  });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: { 'Content-Language': mail.language, 'Auto-Submitted': 'auto-generated' },
        });
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    async verify() {
      await transport.verify();
    },
    close: () => transport.close(),
  };
}
