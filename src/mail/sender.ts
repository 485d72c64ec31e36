// Delivers the outbox: claims due mail, hands it to the transport, records the outcome. Failed
// attempts are retried with exponential backoff; after the last attempt the mail is marked failed
// and logged. Runs on a timer inside `serve`; any number of processes may run one.
import { createHash, randomBytes } from 'node:crypto';
import { epochSeconds, formatDateTime, type Clock } from '../lib/clock.ts';
import type { MailOutbox, OutboxRow } from './outbox-repository.ts';
import type { MailLogger, MailTransport } from './transports.ts';

export interface SenderSettings {
  /** How often the outbox is polled, in ms. */
  intervalMs: number;
  /** Delay before the first retry, in seconds; doubled each time, capped at `maxRetryDelaySeconds`. */
  retryBaseSeconds: number;
  maxRetryDelaySeconds: number;
  /** Attempts before a mail is given up. */
  maxAttempts: number;
  /** Mails claimed per round. */
  batchSize: number;
}

export const DEFAULT_SENDER_SETTINGS: SenderSettings = {
  intervalMs: 5_000,
  retryBaseSeconds: 30,
  maxRetryDelaySeconds: 3_600,
  maxAttempts: 15,
  batchSize: 20,
};

export class MailSender {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly outbox: MailOutbox,
    private readonly transport: MailTransport,
    private readonly clock: Clock,
    private readonly log: MailLogger,
    private readonly settings: SenderSettings = DEFAULT_SENDER_SETTINGS,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.settings.intervalMs);
    this.timer.unref();
    void this.runOnce();
  }

  /** Stops the timer and waits for a round in progress to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.running) await this.running;
    this.transport.close();
  }

  /** One round: every due mail, one at a time. Returns how many were delivered. Never throws. */
  runOnce(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.deliverDue()
      .catch((error) => {
        this.log.error({ err: error }, 'mail sender round failed');
        return 0;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async deliverDue(): Promise<number> {
    const now = epochSeconds(this.clock.now());
    const claimToken = randomBytes(16).toString('hex');
    // The lease outlives a send's worst case (connect + greeting + socket timeouts) with room to spare.
    const rows = await this.outbox.claimDue(now, now + 300, claimToken, this.settings.batchSize);
    let delivered = 0;
    for (const row of rows) {
      if (await this.deliver(row, claimToken)) delivered++;
    }
    return delivered;
  }

  private async deliver(row: OutboxRow, claimToken: string): Promise<boolean> {
    try {
      await this.transport.send({
        id: row.mail_id,
        messageId: messageIdOf(row),
        template: row.template,
        from: { name: row.sender_name, address: row.sender_email },
        to: { name: row.recipient_name, address: row.recipient_email },
        subject: row.subject,
        text: row.body_text ?? '',
        html: row.body_html ?? '',
      });
    } catch (error) {
      const attempts = row.attempts + 1;
      const giveUp = attempts >= this.settings.maxAttempts;
      const delay = Math.min(this.settings.retryBaseSeconds * 2 ** (attempts - 1), this.settings.maxRetryDelaySeconds);
      const now = this.clock.now();
      const message = error instanceof Error ? error.message : String(error);
      await this.outbox.markAttemptFailed(row.mail_id, claimToken, {
        attempts,
        nextAttemptAt: epochSeconds(now) + delay,
        error: message,
        failedAt: giveUp ? formatDateTime(now) : null,
      });
      const fields = { mailId: row.mail_id, template: row.template, attempts, error: message };
      if (giveUp) this.log.error(fields, 'mail given up after the last attempt');
      else this.log.warn({ ...fields, retryInSeconds: delay }, 'mail not delivered, will retry');
      return false;
    }
    await this.outbox.markSent(row.mail_id, claimToken, formatDateTime(this.clock.now()));
    return true;
  }
}

/**
 * A Message-ID that every attempt of one outbox row shares, and no other row (of this or another
 * database) does: the row's id, creation time and recipient, hashed, at the sender's domain.
 */
export function messageIdOf(row: Pick<OutboxRow, 'mail_id' | 'created_at' | 'recipient_email' | 'sender_email'>): string {
  const digest = createHash('sha256').update(`${row.mail_id}\n${row.created_at}\n${row.recipient_email}`).digest('hex').slice(0, 24);
  const domain = /@([A-Za-z0-9.-]+)$/.exec(row.sender_email)?.[1] ?? 'keyfront.invalid';
  return `<keyfront.${row.mail_id}.${digest}@${domain}>`;
}
