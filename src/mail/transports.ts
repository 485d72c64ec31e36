// Where mail goes: the log (default) or an SMTP server (SMTP_URL, via nodemailer).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Transporter } from 'nodemailer';

/** nodemailer, loaded when the first mail is built or an SMTP transport is made, not at every start. */
const requireHere = createRequire(import.meta.url);
const nodemailer = (): typeof import('nodemailer') => requireHere('nodemailer');

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

/**
 * The transport without SMTP_URL: every mail becomes an .eml file a developer can open (mode 0600
 * in a 0700 folder), one line on stdout names it, whatever LOG_LEVEL says, and the log keeps its
 * headers as LogTransport does. On a loopback address (a developer's machine) the line also shows
 * the mail's action link (reset, confirmation), so the first reset works without opening a file;
 * elsewhere links stay in the file, because terminal output of a server travels like a log.
 */
export class DevelopmentTransport implements MailTransport {
  readonly name = 'files';
  private builder: Transporter | null = null;
  private readonly log: LogTransport;

  constructor(
    private readonly dir: string,
    logger: MailLogger,
    private readonly print: (line: string) => void,
    private readonly showLinks: boolean,
  ) {
    this.log = new LogTransport(logger);
  }

  async send(mail: OutgoingMail): Promise<void> {
    this.builder ??= nodemailer().createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const built = await this.builder.sendMail({
      from: { name: mail.from.name, address: mail.from.address },
      to: { name: mail.to.name, address: mail.to.address },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'X-Keyfront-Mail-Id': String(mail.id), 'X-Keyfront-Template': mail.template },
    });
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // Several databases may share the folder: the time keeps names apart and sorted.
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    const file = join(this.dir, `${stamp}-${mail.id}-${mail.template}.eml`);
    writeFileSync(file, built.message as Buffer, { mode: 0o600 });
    await this.log.send(mail);
    const lines = [`mail #${mail.id} to ${mail.to.address}: "${mail.subject}" - saved as ${file}`];
    if (this.showLinks) for (const link of actionLinks(mail.text)) lines.push(`  ${link}`);
    this.print(lines.join('\n'));
  }

  close(): void {
    this.builder?.close();
  }
}

/** The links a mail asks its reader to follow (with a token or key in the query), in order. */
export function actionLinks(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"]+\?[^\s<>"]+/g) ?? [])];
}

export class SmtpTransport implements MailTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;
  constructor(url: string) {
    // Short timeouts: an unreachable server should fail the attempt (and be retried), not stall the sender.
    this.transporter = nodemailer().createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
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
