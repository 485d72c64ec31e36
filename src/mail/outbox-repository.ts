// The mail outbox (Kysely only). Mail is written in the transaction of the change that causes it;
// senders claim due rows one by one with a conditional update, so two processes never send the
// same mail, and a sender that dies mid-send loses only its lease, never the mail.
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { MailOutboxTable } from '../db/schema.ts';
import { Repository } from '../db/repository.ts';

export type Db = Executor;
export type OutboxRow = Selectable<MailOutboxTable>;
export type NewOutboxRow = Omit<Insertable<MailOutboxTable>, 'mail_id' | 'attempts' | 'claimed_until' | 'claim_token' | 'sent_at' | 'failed_at' | 'last_error'>;

export class MailOutbox extends Repository {
  /** `tx`: the transaction of the change that causes the mail, so both commit or neither. */
  async enqueue(tx: Db | undefined, row: NewOutboxRow): Promise<void> {
    await (tx ?? this.db).insertInto('mail_outbox').values({ ...row, attempts: 0 }).execute();
  }

  /**
   * Takes up to `limit` due rows for this sender until `leaseUntil` (epoch seconds). A row whose
   * lease has run out (its sender died) is due again.
   */
  async claimDue(now: number, leaseUntil: number, claimToken: string, limit: number): Promise<OutboxRow[]> {
    const candidates = await this.db
      .selectFrom('mail_outbox')
      .select('mail_id')
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
      .orderBy('next_attempt_at')
      .orderBy('mail_id')
      .limit(limit)
      .execute();
    const claimed: OutboxRow[] = [];
    for (const { mail_id } of candidates) {
      const result = await this.db
        .updateTable('mail_outbox')
        .set({ claimed_until: leaseUntil, claim_token: claimToken })
        .where('mail_id', '=', mail_id)
        .where('sent_at', 'is', null)
        .where('failed_at', 'is', null)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) continue; // another sender was quicker
      const row = await this.db.selectFrom('mail_outbox').selectAll().where('mail_id', '=', mail_id).where('claim_token', '=', claimToken).executeTakeFirst();
      if (row) claimed.push(row);
    }
    return claimed;
  }

  /** Mails neither delivered nor given up (for /metrics). */
  async backlog(): Promise<number> {
    const row = await this.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll().as('n')).where('sent_at', 'is', null).where('failed_at', 'is', null).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Delivered: the body goes (it may carry a reset link), the headers stay as a record. */
  async markSent(mailId: number, claimToken: string, sentAt: string): Promise<void> {
    await this.db
      .updateTable('mail_outbox')
      .set((eb) => ({ sent_at: sentAt, body_text: null, body_html: null, claimed_until: null, claim_token: null, last_error: null, attempts: eb('attempts', '+', 1) }))
      .where('mail_id', '=', mailId)
      .where('claim_token', '=', claimToken)
      .execute();
  }

  /** Not delivered: try again at `nextAttemptAt`, or give up (`failedAt`) after the last attempt. */
  async markAttemptFailed(mailId: number, claimToken: string, fields: { attempts: number; nextAttemptAt: number; error: string; failedAt: string | null }): Promise<void> {
    await this.db
      .updateTable('mail_outbox')
      .set({
        attempts: fields.attempts,
        next_attempt_at: fields.nextAttemptAt,
        last_error: fields.error.slice(0, 1000),
        failed_at: fields.failedAt,
        claimed_until: null,
        claim_token: null,
        ...(fields.failedAt ? { body_text: null, body_html: null } : {}),
      })
      .where('mail_id', '=', mailId)
      .where('claim_token', '=', claimToken)
      .execute();
  }

  /** Delivered or abandoned mail older than `before` ('YYYY-MM-DD HH:MM:SS'): the record has served its purpose. */
  async removeFinishedBefore(before: string): Promise<number> {
    const r = await this.db
      .deleteFrom('mail_outbox')
      .where((eb) => eb.or([eb('sent_at', '<', before), eb('failed_at', '<', before)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** The dashboard's outbox state: mail waiting to go out, and mail given up on. */
  async stateCounts(): Promise<{ pending: number; failed: number }> {
    const count = async (failed: boolean) => {
      let q = this.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('sent_at', 'is', null);
      q = failed ? q.where('failed_at', 'is not', null) : q.where('failed_at', 'is', null);
      return Number((await q.executeTakeFirst())?.n ?? 0);
    };
    return { pending: await count(false), failed: await count(true) };
  }
}
