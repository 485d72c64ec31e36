// Password-reset requests counted by Magento_Security's limits (password_reset_request_event).
import { Repository } from '../db/repository.ts';

/** Which earlier requests count against a new one: by IP, by email, or by either. */
export type ResetRequestMatch = 'ip' | 'email' | 'ip-or-email';

export class ResetRequestRepository extends Repository {
  record(requestType: number, reference: string, ip: string, createdAt: number): Promise<number> {
    return this.traits.insertReturningId(
      this.db.insertInto('password_reset_request_event').values({ request_type: requestType, account_reference: reference, ip, created_at: createdAt }),
      'id',
    );
  }

  private earlier(requestType: number, beforeId: number, match: ResetRequestMatch, ip: string, reference: string) {
    const q = this.db.selectFrom('password_reset_request_event').where('request_type', '=', requestType).where('id', '<', beforeId);
    if (match === 'ip') return q.where('ip', '=', ip);
    if (match === 'email') return q.where('account_reference', '=', reference);
    return q.where((eb) => eb.or([eb('ip', '=', ip), eb('account_reference', '=', reference)]));
  }

  /** When the latest matching request before `beforeId` was made (epoch seconds), or 0. */
  async lastBefore(requestType: number, beforeId: number, match: ResetRequestMatch, ip: string, reference: string): Promise<number> {
    const last = await this.earlier(requestType, beforeId, match, ip, reference).select((eb) => eb.fn.max('created_at').as('last')).executeTakeFirst();
    return last?.last === null || last?.last === undefined ? 0 : Number(last.last);
  }

  /** How many matching requests before `beforeId` were made after `since`. */
  async countBefore(requestType: number, beforeId: number, match: ResetRequestMatch, ip: string, reference: string, since: number): Promise<number> {
    const counted = await this.earlier(requestType, beforeId, match, ip, reference).where('created_at', '>', since).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return Number(counted?.n ?? 0);
  }

  async remove(id: number): Promise<void> {
    await this.db.deleteFrom('password_reset_request_event').where('id', '=', id).execute();
  }

  async removeBefore(createdBefore: number): Promise<number> {
    const r = await this.db.deleteFrom('password_reset_request_event').where('created_at', '<', createdBefore).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
