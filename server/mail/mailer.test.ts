import { describe, expect, it } from 'vitest';
import { startSmtpServer } from '../../test/support/smtp-server.js';
import { smtpMailer } from './mailer.js';

describe('the SMTP mailer', () => {
  it('delivers a plain-text mail with its reply-to to a real SMTP server', async () => {
    const server = await startSmtpServer();
    const mailer = smtpMailer({ url: server.url, from: 'parley@example.com' });
    try {
      await mailer.send({
        to: 'support@example.com',
        replyTo: 'ada@example.com',
        subject: 'Offline message from Ada',
        text: 'Call me back.',
      });
      expect(server.received).toHaveLength(1);
      expect(server.received[0]!.from).toBe('parley@example.com');
      expect(server.received[0]!.raw).toMatch(/^Subject: Offline message from Ada/m);
      expect(server.received[0]!.raw).toContain('Call me back.');
    } finally {
      mailer.close();
      await server.stop();
    }
  });

  it('fails without naming the server’s credentials when it is down', async () => {
    const server = await startSmtpServer();
    await server.stop();
    const mailer = smtpMailer({ url: server.url, from: 'parley@example.com' });
    const error = await mailer.send({ to: 'a@example.com', subject: 's', text: 't' }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    mailer.close();
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/^SMTP send failed \((ESOCKET|ECONNECTION)/);
    expect(JSON.stringify(error)).not.toContain('s3cret-password');
    expect(String((error as Error).message)).not.toContain('s3cret-password');
  });
});
