// Where mail goes: the log (default) or an SMTP server (SMTP_URL, via nodemailer).
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  id: number;
  /**
   * The same for every delivery attempt of one outbox row: delivery is at-least-once (a crash
   * between the SMTP server's acceptance and marking the row sent sends it again), and receivers
   * de-duplicate on Message-ID.
   */
  messageId: string;
  template: string;
  from: { name: string; address: string };
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  readonly name: string;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The subset of pino the mail code needs. */
export interface MailLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Development transport: the headers at info, the body only at debug. A body may carry a reset or
 * confirmation link, which is a credential while it is valid; log lines are kept, shipped and read
 * far more widely than a mailbox, so it appears only when an operator asks for debug output.
 */
export class LogTransport implements MailTransport {
  readonly name = 'log';
  constructor(private readonly log: MailLogger) {}
  async send(mail: OutgoingMail): Promise<void> {
    this.log.info({ mailId: mail.id, messageId: mail.messageId, template: mail.template, to: mail.to.address, subject: mail.subject }, 'mail delivered to the log');
    this.log.debug({ mailId: mail.id, body: mail.text }, 'mail body');
  }
  close(): void {}
}

export class SmtpTransport implements MailTransport {
  readonly name = 'smtp';
  private readonly transporter: nodemailer.Transporter;
  constructor(url: string) {
    // Short timeouts: an unreachable server should fail the attempt (and be retried), not stall the sender.
    this.transporter = nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
  }
  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail({
      from: { name: mail.from.name, address: mail.from.address },
      to: { name: mail.to.name, address: mail.to.address },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: { 'X-Keyfront-Mail-Id': String(mail.id), 'X-Keyfront-Template': mail.template },
    });
  }
  close(): void {
    this.transporter.close();
  }
}

/** SMTP_URL, with any password masked: safe to print. */
export function maskSmtpUrl(url: string): string {
  return url.replace(/^(smtps?:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}
