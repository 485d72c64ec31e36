// The token endpoints' brute-force throttle (Magento's RequestThrottler), without its bugs:
// a lock really expires, and an attempt is counted *before* the password is checked, in one
// atomic statement, so a burst of parallel guesses cannot run more checks than the limit.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db/database.ts';
import type { Tables } from '../db/schema.ts';
import { epochSeconds, type Clock } from '../lib/clock.ts';

/** Magento's throttler user types (not the same numbers as the token user types). */
export const THROTTLE_CUSTOMER = 2;
export const THROTTLE_ADMIN = 3;

export interface ThrottleLimits {
  maxFailures: number;
  timeoutSeconds: number;
}

export class LoginThrottle {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: DialectName,
    private readonly clock: Clock,
  ) {}

  /**
   * Counts one attempt for this user name and answers whether its password may be checked:
   * false once more than `maxFailures` attempts have been counted since the last success,
   * until the lock expires.
   */
  async reserveAttempt(userName: string, userType: number, limits: ThrottleLimits): Promise<boolean> {
    const now = epochSeconds(this.clock.now());
    const lockUntil = now + limits.timeoutSeconds;
    const name = normalize(userName);
    let count: number;
    if (this.dialect === 'mysql') {
      count = await this.db.transaction().execute(async (tx) => {
        await sql`INSERT INTO oauth_token_request_log (user_name, user_type, failures_count, lock_expires_at)
          VALUES (${name}, ${userType}, 1, ${lockUntil})
          ON DUPLICATE KEY UPDATE
            failures_count = IF(lock_expires_at <= ${now}, 1, failures_count + 1),
            lock_expires_at = ${lockUntil}`.execute(tx);
        // The row lock taken by the upsert is held until commit, so this reads our own count.
        const row = await tx
          .selectFrom('oauth_token_request_log')
          .select('failures_count')
          .where('user_name', '=', name)
          .where('user_type', '=', userType)
          .executeTakeFirst();
        return Number(row?.failures_count ?? 1);
      });
    } else {
      // One atomic statement that answers with the count it wrote: one round trip per sign-in.
      const result = await sql<{ failures_count: number }>`INSERT INTO oauth_token_request_log (user_name, user_type, failures_count, lock_expires_at)
        VALUES (${name}, ${userType}, 1, ${lockUntil})
        ON CONFLICT (user_name, user_type) DO UPDATE SET
          failures_count = CASE WHEN oauth_token_request_log.lock_expires_at <= ${now} THEN 1
                                ELSE oauth_token_request_log.failures_count + 1 END,
          lock_expires_at = ${lockUntil}
        RETURNING failures_count`.execute(this.db);
      count = Number(result.rows[0]?.failures_count ?? 1);
    }
    return count <= limits.maxFailures;
  }

  /** A successful sign-in clears the count. */
  async reset(userName: string, userType: number): Promise<void> {
    await this.db.deleteFrom('oauth_token_request_log').where('user_name', '=', normalize(userName)).where('user_type', '=', userType).execute();
  }

  /** Rows whose lock has passed carry no information any more. */
  async removeExpired(): Promise<number> {
    const r = await this.db.deleteFrom('oauth_token_request_log').where('lock_expires_at', '<=', epochSeconds(this.clock.now())).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

// Emails and admin user names match case-insensitively, so the throttle must too, or
// "JDoe@Example.com" would be a fresh budget of guesses for the same account.
function normalize(userName: string): string {
  return userName.trim().toLowerCase().slice(0, 255);
}
