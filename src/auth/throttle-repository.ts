// The sign-in throttle's counters (oauth_token_request_log), one row per user name and kind.
import { sql } from 'kysely';
import { Repository } from '../db/repository.ts';

export class ThrottleRepository extends Repository {
  /**
   * Counts one attempt atomically and answers the count now stored: a new row, or the old count
   * plus one, or 1 again once the old row's lock has passed. The row's lock moves to `lockUntil`.
   * Also answers the configuration's version, read in the same statement, so the sign-in knows
   * whether its cached settings are current without a round trip of its own (ConfigService.snapshotAt).
   */
  async countAttempt(name: string, userType: number, now: number, lockUntil: number): Promise<{ count: number; configVersion: number }> {
    const update = this.traits.onConflictUpdate(
      'oauth_token_request_log',
      ['user_name', 'user_type'],
      (existing) => sql`failures_count = CASE WHEN ${existing('lock_expires_at')} <= ${now} THEN 1 ELSE ${existing('failures_count')} + 1 END,
        lock_expires_at = ${lockUntil}`,
    );
    const insert = sql`INSERT INTO oauth_token_request_log (user_name, user_type, failures_count, lock_expires_at) VALUES (${name}, ${userType}, 1, ${lockUntil}) ${update}`;
    const version = sql`(SELECT version FROM keyfront_config_version WHERE id = 1)`;
    if (this.traits.upsertReturns) {
      // One statement that answers with the count it wrote: one round trip per sign-in.
      const result = await sql<{ failures_count: number; config_version: number }>`${insert} RETURNING failures_count, ${version} AS config_version`.execute(this.db);
      return { count: Number(result.rows[0]?.failures_count ?? 1), configVersion: Number(result.rows[0]?.config_version ?? 0) };
    }
    return this.db.transaction().execute(async (tx) => {
      await insert.execute(tx);
      // The row lock taken by the upsert is held until commit, so this reads our own count.
      const result = await sql<{ failures_count: number; config_version: number }>`SELECT failures_count, ${version} AS config_version FROM oauth_token_request_log WHERE user_name = ${name} AND user_type = ${userType}`.execute(tx);
      return { count: Number(result.rows[0]?.failures_count ?? 1), configVersion: Number(result.rows[0]?.config_version ?? 0) };
    });
  }

  async clear(name: string, userType: number): Promise<void> {
    await this.db.deleteFrom('oauth_token_request_log').where('user_name', '=', name).where('user_type', '=', userType).execute();
  }

  async removeExpired(now: number): Promise<number> {
    const r = await this.db.deleteFrom('oauth_token_request_log').where('lock_expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
