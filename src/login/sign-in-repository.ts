// The writes that end a successful sign-in: the account's lockout counters cleared, the token
// endpoint's throttle count cleared, the new token's row inserted. On PostgreSQL one statement
// (data-modifying WITH), so a sign-in is three round trips in all: the throttle's count, the
// look-up with the lockout count, and this. Elsewhere each write is a statement of its own, made
// by the repository that owns its table.
import { sql } from 'kysely';
import type { ThrottleRepository } from '../auth/throttle-repository.ts';
import type { NewTokenRow, TokenRepository } from '../auth/token-repository.ts';
import type { CustomerRepository } from '../customers/repository.ts';
import type { Database } from '../db/database.ts';
import { Repository } from '../db/repository.ts';

/** The owners of the three tables, for databases that write them one statement each. */
export interface SignInTables {
  customers: Pick<CustomerRepository, 'clearFailures'>;
  throttle: Pick<ThrottleRepository, 'clear'>;
  tokens: Pick<TokenRepository, 'insert'>;
}

export interface SignInWrites {
  /** The customer whose lockout counters to clear, or null when there is nothing to clear. */
  clearFailuresOf: number | null;
  /** The throttle row to delete (its key as the throttle stores it). */
  throttle: { name: string; userType: number };
  /** The opaque token's row; null for a JWT, which has none. */
  token: NewTokenRow | null;
}

export class SignInRepository extends Repository {
  constructor(
    database: Database,
    private readonly tables: SignInTables,
  ) {
    super(database);
  }

  async complete(writes: SignInWrites): Promise<void> {
    const { clearFailuresOf, throttle, token } = writes;
    if (!this.traits.writableCte) return this.oneByOne(writes);
    const cleared = clearFailuresOf === null
      ? sql`SELECT 1`
      : sql`UPDATE customer_entity SET failures_num = 0, first_failure = NULL, lock_expires = NULL WHERE entity_id = ${clearFailuresOf} RETURNING 1`;
    const last = token
      ? sql`INSERT INTO access_token (token_hash, user_type, user_id, created_at, expires_at, revoked) VALUES (${token.token_hash}, ${token.user_type}, ${token.user_id}, ${token.created_at}, ${token.expires_at}, 0)`
      : sql`SELECT 1`;
    await sql`WITH cleared AS (${cleared}),
      reset AS (DELETE FROM oauth_token_request_log WHERE user_name = ${throttle.name} AND user_type = ${throttle.userType} RETURNING 1)
      ${last}`.execute(this.db);
  }

  private async oneByOne({ clearFailuresOf, throttle, token }: SignInWrites): Promise<void> {
    if (clearFailuresOf !== null) await this.tables.customers.clearFailures(clearFailuresOf);
    await this.tables.throttle.clear(throttle.name, throttle.userType);
    if (token) await this.tables.tokens.insert(token);
  }
}
