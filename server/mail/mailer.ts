import nodemailer from 'nodemailer';
import type { MailConfig } from '../hours-config.js';

/** One email the proxy sends: plain text, to one address. */
export interface Mail {
  to: string;
  /** Where a reply goes: the visitor, for an offline message. */
  replyTo?: string;
  subject: string;
  text: string;
}

/** Sends mail; throws when the SMTP server is away or refuses (the delivery worker retries). */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** How long one SMTP conversation may take before it counts as failed. */
const SMTP_TIMEOUT_MS = 15_000;

/**
 * SMTP through nodemailer, from SMTP_URL (credentials inside it never reach a
 * log: nodemailer's own logger is off, and errors are reported by code only).
 */
export function smtpMailer(config: MailConfig): Mailer {
  const transport = nodemailer.createTransport(config.url, {
    logger: false,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from: config.from,
          to: mail.to,
          ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
          subject: mail.subject,
          text: mail.text,
        });
      } catch (error) {
        throw new MailError(error);
      }
    },
    close: () => transport.close(),
  };
}

/** A failed send, described without the server's URL or credentials. */
export class MailError extends Error {
  constructor(cause: unknown) {
    const code = cause instanceof Error && 'code' in cause ? String(cause.code) : 'unknown';
    const status =
      cause instanceof Error && 'responseCode' in cause ? ` ${String(cause.responseCode)}` : '';
    super(`SMTP send failed (${code}${status})`);
    this.name = 'MailError';
  }
}
